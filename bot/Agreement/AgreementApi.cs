using LeadBot.Access;
using LeadBot.Qualification;

namespace LeadBot.Agreement;

/// <summary>The agreement in force and how it came to be, as <c>GET /api/criteria</c> answers.</summary>
public sealed record CriteriaAnswer(
    int Version, QualificationRules Rules, IReadOnlyList<TeamCommitment> Commitments, IReadOnlyList<string> ApprovedBy,
    DateTimeOffset ApprovedAt, IReadOnlyList<HistoryEntry> History)
{
    public static CriteriaAnswer From(AgreementVersion current, IReadOnlyList<AgreementVersion> history) => new(
        current.Version, current.Rules, current.Teams, current.ApprovedBy, current.ApprovedAt,
        history.Select(v => new HistoryEntry(v.Version, v.Change, v.ApprovedBy, v.ApprovedAt, v.ProposalId)).ToList());
}

public sealed record HistoryEntry(int Version, string Change, IReadOnlyList<string> ApprovedBy, DateTimeOffset ApprovedAt, string? ProposalId);

public static class AgreementApi
{
    public static IEndpointRouteBuilder MapAgreementApi(this IEndpointRouteBuilder app)
    {
        var criteria = app.MapGroup("/api/criteria").RequireApiKey(ApiScopes.Reports).WithTags("Agreement");
        criteria.MapGet("", Criteria);
        return app;
    }

    private static CriteriaAnswer Criteria(Agreements agreements)
    {
        agreements.Refresh();
        return CriteriaAnswer.From(agreements.Current, agreements.History());
    }
}
