using LeadBot.Cards;
using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Insights;

/// <summary>What sales thought of marketing's leads: acceptance and conversion by source and campaign, and why leads were rejected.</summary>
public sealed class FeedbackReport(ILeadStore store, TimeProvider clock)
{
    public FeedbackView Build(string? scope, Period period)
    {
        var now = clock.GetUtcNow();
        var leads = store.FindLeads(new LeadQuery { ReceivedFrom = period.From, ReceivedTo = period.To, Limit = int.MaxValue })
            .Where(l => scope is null || Same(l.Source, scope) || Same(l.Campaign, scope))
            .Where(l => l.State != LeadState.Nurture)
            .ToList();
        var rows = leads.GroupBy(l => (l.Source, l.Campaign))
            .Select(g =>
            {
                var accepted = g.Count(l => l.Owner is not null);
                var rejected = g.Count(l => l.RejectedBy.Count > 0);
                return new FeedbackRow(g.Key.Source, g.Key.Campaign, g.Count(), accepted, rejected,
                    accepted + rejected == 0 ? null : (double)accepted / (accepted + rejected),
                    g.Count(l => l.State is LeadState.Opportunity or LeadState.Won), g.Count(l => l.State == LeadState.Won));
            })
            .OrderByDescending(r => r.Offered).ToList();
        var reasons = leads.Where(l => l.RejectionReason is not null).GroupBy(l => l.RejectionReason!)
            .Select(g => new ReasonCount(g.Key, g.Count())).OrderByDescending(r => r.Count).ToList();
        var comments = leads.Where(l => l.RejectionComment is not null).OrderByDescending(l => l.UpdatedAt).Take(5)
            .Select(l => new FeedbackComment(l.RejectedBy.Count > 0 ? l.RejectedBy[^1] : "", l.RejectionReason ?? RejectionReasons.Other, l.RejectionComment!, l.UpdatedAt, l.Company?.Name ?? l.DisplayName))
            .ToList();
        return new FeedbackView(scope ?? "All sources", period.Label, now, rows, reasons, comments);
    }

    private static bool Same(string? a, string b) => string.Equals(a?.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
