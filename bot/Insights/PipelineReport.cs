using LeadBot.Cards;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Insights;

/// <summary>
/// Pipeline status for a team (or all teams) over a period: how far leads got, who is waiting, how fast sales takes them.
/// Stage figures count what happened in the period (a lead accepted on Tuesday counts in Tuesday's week, whenever it
/// arrived), read from the aggregates; "waiting now" and rep load are indexed queries. Nothing here reads every lead.
/// </summary>
public sealed class PipelineReport(
    ILeadStore store, Router router, Roster roster, ChartLinks charts, IOptionsMonitor<InsightsOptions> options, TimeProvider clock)
{
    private const int WaitingCounted = 1000;

    /// <summary>For chat: the period is placed in the team's time zone (UTC for all teams).</summary>
    public PipelineView Build(string? team, Period period) => For(new InsightsFilter(team), period);

    /// <summary>The report with its chart as a signed URL (none without a public base URL); a platform that can show it inline does so when drawing.</summary>
    public PipelineView For(InsightsFilter filter, Period period)
    {
        var now = clock.GetUtcNow();
        var o = options.CurrentValue;
        var team = router.Team(filter.Team);
        filter = filter with { Team = team?.Name ?? filter.Team };
        period = period.In(ZoneOf(team), now);

        var tally = Tally.Read(store, filter, period.From, period.To);
        var stages = tally.Stages();
        var claims = tally.ClaimTimes();

        var (oldest, waitingCounts) = WaitingNow(filter, now);
        var waiting = oldest.Select(l =>
        {
            var age = now - (l.OfferedAt ?? l.ReceivedAt);
            return new WaitingLead(l.Id, l.Company?.Name is { Length: > 0 } c ? c : l.DisplayName, age, l.Team, age > o.ClaimWithin);
        }).ToList();

        var teams = team is not null ? [team] : filter.Team is null ? router.Teams : [];
        var members = teams.SelectMany(t => t.Members.Select(m => (Rep: m, Team: t))).DistinctBy(x => x.Rep.Email.ToLowerInvariant()).ToList();
        var load = members.Select(x => new RepLoad(x.Rep.Name ?? x.Rep.Email, store.CountOpenOwnedBy(x.Rep.Email), roster.CapacityOf(x.Rep.Email, x.Team))).ToList();
        var emails = members.Select(x => $"<{x.Rep.Email.Trim()}>").ToList();
        var unmatched = roster.Unreachable().Where(w => emails.Any(e => w.Contains(e, StringComparison.OrdinalIgnoreCase))).ToList();

        var chart = new ChartRequest(Charts.Funnel, filter.Team, filter.Source, filter.Campaign, period.From, period.To, $"{Title(filter)} · {period.Label}");
        return new PipelineView(
            Title(filter), period.Label, stages, now,
            Waiting: waiting,
            SlaBreaches: claims.AtLeast(o.ClaimWithin) + waitingCounts.OfferedBefore,
            SpeedToLeadMedian: claims.Percentile(0.5),
            SpeedToLeadP90: claims.Percentile(0.9),
            AcceptanceRate: tally.AcceptanceRate(),
            Load: load,
            UnmatchedRepWarnings: unmatched,
            FailedDeliveries: store.FailedMessages(WaitingCounted).Count,
            ChartImageUrl: charts.Absolute(chart),
            ChartAltText: "Leads by stage: " + Charts.FunnelAltText(stages));
    }

    /// <summary>How many leads are waiting in the filter right now (the view lists only the oldest few).</summary>
    public int WaitingCount(InsightsFilter filter) => WaitingNow(filter, clock.GetUtcNow()).Counts.Total;

    /// <summary>
    /// The oldest waiting leads and the counts: kept counts for a team (cheap at any size); a source or campaign filter
    /// has no kept count, so up to the oldest thousand waiting leads are read and filtered.
    /// </summary>
    private (IReadOnlyList<Lead> Oldest, WaitingCounts Counts) WaitingNow(InsightsFilter filter, DateTimeOffset now)
    {
        var o = options.CurrentValue;
        if (filter.Source is null && filter.Campaign is null)
            return (store.Waiting(filter.Team, o.WaitingListed), store.CountWaiting(filter.Team, now - o.ClaimWithin));
        var matching = store.Waiting(filter.Team, WaitingCounted)
            .Where(l => filter.Matches(Aggregates.TeamOf(l), Aggregates.SourceOf(l), Aggregates.CampaignOf(l))).ToList();
        var late = matching.Count(l => (l.OfferedAt ?? l.ReceivedAt) < now - o.ClaimWithin);
        return (matching.Take(o.WaitingListed).ToList(), new WaitingCounts(matching.Count, late));
    }

    public TimeZoneInfo ZoneOf(SalesTeamOptions? team) =>
        team is not null && TimeZoneInfo.TryFindSystemTimeZoneById(team.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    private static string Title(InsightsFilter f)
    {
        var parts = new[] { f.Team, f.Source, f.Campaign }.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return parts.Count == 0 ? PipelineView.AllTeams : string.Join(" · ", parts);
    }
}
