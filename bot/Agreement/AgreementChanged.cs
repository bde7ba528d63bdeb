using LeadBot.Qualification;

namespace LeadBot.Agreement;

/// <summary>
/// The <c>data</c> of the <c>agreement.changed</c> webhook: the version now in force and what changed, so a marketing
/// system can follow the criteria it is measured against. Approvers are colleagues (sales managers, marketers), not leads.
/// </summary>
public sealed record AgreementChanged(
    int Version, int Previous, string Change, string? ProposalId, IReadOnlyList<string> ApprovedBy, DateTimeOffset ApprovedAt,
    QualificationRules Rules, IReadOnlyList<TeamCommitment> Teams)
{
    public static AgreementChanged Of(AgreementVersion next, AgreementVersion previous) =>
        new(next.Version, previous.Version, next.Change, next.ProposalId, next.ApprovedBy, next.ApprovedAt, next.Rules, next.Teams);
}
