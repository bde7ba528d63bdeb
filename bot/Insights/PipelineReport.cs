using LeadBot.Cards;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;

namespace LeadBot.Insights;

/// <summary>Pipeline status for a team (or all teams) over a period: how far leads got, who is waiting, how fast sales takes them.</summary>
public sealed class PipelineReport(ILeadStore store, Router router, Roster roster, TimeProvider clock)
{
    public PipelineView Build(string? team, Period period)
    {
        var now = clock.GetUtcNow();
        var leads = store.FindLeads(new LeadQuery { Team = team, ReceivedFrom = period.From, ReceivedTo = period.To, Limit = int.MaxValue });
        var stages = Funnel.Count(leads);
        var waiting = store.FindLeads(new LeadQuery { Team = team, States = [LeadState.Offered, LeadState.Expired], Limit = int.MaxValue })
            .OrderBy(l => l.OfferedAt ?? l.ReceivedAt)
            .Select(l => new WaitingLead(l.Id, l.Company?.Name ?? l.DisplayName, now - (l.OfferedAt ?? l.ReceivedAt), l.Team, l.State == LeadState.Expired))
            .ToList();
        var claimTimes = leads.Where(l => l.ClaimedAt is not null).Select(l => l.ClaimedAt!.Value - (l.OfferedAt ?? l.ReceivedAt)).Order().ToList();
        var decided = stages.Accepted + stages.Rejected;
        var teams = team is null ? router.Teams : router.Team(team) is { } t ? [t] : [];
        var load = teams.SelectMany(t => t.Members.Select(m => new RepLoad(m.Name ?? m.Email, store.CountOpenOwnedBy(m.Email), roster.CapacityOf(m.Email, t))))
            .DistinctBy(r => r.Name).ToList();
        return new PipelineView(
            team ?? PipelineView.AllTeams, period.Label, stages, now, waiting,
            SlaBreaches: waiting.Count(w => w.SlaBreached),
            SpeedToLeadMedian: Percentile(claimTimes, 0.5), SpeedToLeadP90: Percentile(claimTimes, 0.9),
            AcceptanceRate: decided == 0 ? null : (double)stages.Accepted / decided,
            Load: load, UnmatchedRepWarnings: roster.Unreachable(), FailedDeliveries: store.OutboxStats().Failed);
    }

    internal static TimeSpan? Percentile(IReadOnlyList<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>How far each lead got: a lead that was won also counts as accepted, offered and qualified.</summary>
public static class Funnel
{
    public static StageCounts Count(IReadOnlyCollection<Lead> leads)
    {
        int Reached(params LeadState[] states) => leads.Count(l => states.Contains(l.State));
        LeadState[] worked = [LeadState.Accepted, LeadState.Contacted, LeadState.Meeting, LeadState.Opportunity, LeadState.Won, LeadState.Lost, LeadState.Disqualified];
        LeadState[] offered = [.. worked, LeadState.Offered, LeadState.Rejected, LeadState.Expired];
        return new StageCounts(
            Qualified: Reached([.. offered, LeadState.Qualified]),
            Offered: Reached(offered),
            Accepted: Reached(worked),
            Contacted: Reached(LeadState.Contacted, LeadState.Meeting, LeadState.Opportunity, LeadState.Won),
            Meeting: Reached(LeadState.Meeting, LeadState.Opportunity, LeadState.Won),
            Opportunity: Reached(LeadState.Opportunity, LeadState.Won),
            Won: Reached(LeadState.Won),
            Lost: Reached(LeadState.Lost),
            Rejected: Reached(LeadState.Rejected),
            Expired: Reached(LeadState.Expired),
            Nurture: Reached(LeadState.Nurture));
    }
}
