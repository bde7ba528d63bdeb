using LeadBot.Cards;
using LeadBot.Routing;

namespace LeadBot.Agreement;

/// <summary>A proposal's state as the card both sides see: every platform draws it from this one view.</summary>
public static class ProposalCardView
{
    /// <param name="roster">Names the person who declined (decisions keep the email).</param>
    public static ProposalView From(ProposalState s, Roster roster) => new(
        s.Proposal.Id, s.Status, s.Proposal.Summary, s.Proposal.Effect, s.Proposal.Warning, s.Proposal.ByName, s.Proposal.Comment,
        s.Proposal.At, s.Proposal.BaseVersion,
        [.. s.Approvals.Select(a => new ProposalVote(a.ByName, a.Sales && a.Marketing ? "sales, marketing" : a.Sales ? "sales" : "marketing", a.At, a.Comment))],
        s.Waiting, s.Decision?.Version,
        s.Status == ProposalStatus.Declined ? roster.FindByEmail(s.Decision!.By)?.Name ?? s.Decision.By : null, s.Status == ProposalStatus.Declined ? s.Decision!.Comment : null, s.Decision?.At);
}
