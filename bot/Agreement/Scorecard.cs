using LeadBot.Cards;
using LeadBot.Insights;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.Extensions.Options;
using static LeadBot.Storage.Aggregates;

namespace LeadBot.Agreement;

/// <summary>
/// Whether each side keeps its word, per team, over a period. Marketing's figures (leads delivered, acceptance,
/// rejections) and the share claimed in time come from the same counters and the same period placement as the
/// pipeline report, so the numbers match it; first touch and reported outcomes read the leads the team accepted.
/// </summary>
public sealed class Scorecard(
    ILeadStore store, Agreements agreements, Router router, PipelineReport pipeline, IOptionsMonitor<AgreementOptions> options, TimeProvider clock)
{
    private const int LeadsRead = 5000;
    private static readonly HashSet<LeadState> Reported =
        [LeadState.Contacted, LeadState.Meeting, LeadState.Opportunity, LeadState.Won, LeadState.Lost, LeadState.Disqualified];

    /// <param name="visible">Which teams the asker may see (Routing's Viewer); null: every team.</param>
    public ScorecardView Build(Period period, string? team = null, Func<string, bool>? visible = null)
    {
        var now = clock.GetUtcNow();
        var current = agreements.Current;
        var target = options.CurrentValue.AcceptanceTarget;
        var teams = router.Teams
            .Where(t => (team is null || string.Equals(t.Name, team.Trim(), StringComparison.OrdinalIgnoreCase)) && (visible is null || visible(t.Name))).ToList();
        var scores = teams.Select(t => Score(t.Name, current.Team(t.Name), period.In(pipeline.ZoneOf(t), now), now, target)).ToList();
        return new ScorecardView(period.Label, current.Version, now, target, scores);
    }

    private TeamScore Score(string team, TeamCommitment? commitment, Period period, DateTimeOffset now, double target)
    {
        var tally = Tally.Read(store, new InsightsFilter(team), period.From, period.To);
        var claimWithin = commitment?.ClaimWithin ?? TimeSpan.FromMinutes(5);
        var firstTouchWithin = commitment?.FirstTouchWithin ?? TimeSpan.FromDays(1);
        var claims = tally.ClaimTimes();
        double? claimedWithin = claims.Total == 0 ? null : 1 - (double)claims.AtLeast(claimWithin) / claims.Total;
        var rejections = tally.Reasons().Where(r => RejectionReasons.CountsAgainstMarketing(r.ReasonCode)).ToList();

        // Leads the team accepted that arrived in the period: did a first outcome follow in time, and was any reported?
        var accepted = store.FindLeads(new LeadQuery { Team = team, ReceivedFrom = period.From, ReceivedTo = period.To, Limit = LeadsRead })
            .Where(l => l.ClaimedAt is not null && string.Equals(l.Team, team, StringComparison.OrdinalIgnoreCase)).ToList();
        // A lead still inside its first-touch window has not missed it yet: it is judged once touched or once the window is over.
        var firstOutcome = accepted.ToDictionary(l => l.Id, FirstOutcomeAt);
        var judged = accepted.Where(l => firstOutcome[l.Id] is not null || now - l.ClaimedAt!.Value > firstTouchWithin).ToList();
        var touched = judged.Count(l => firstOutcome[l.Id] is { } at && at - l.ClaimedAt!.Value <= firstTouchWithin);
        double? firstTouched = judged.Count == 0 ? null : (double)touched / judged.Count;
        var reported = accepted.Count(l => Reported.Contains(l.State));
        double? Share(int part) => accepted.Count == 0 ? null : (double)part / accepted.Count;

        // A promise per month, prorated to the part of the period that has passed.
        var elapsed = (now < period.To ? now : period.To) - period.From;
        int? promised = commitment?.LeadsPerMonth is { } perMonth && elapsed > TimeSpan.Zero ? (int)Math.Round(perMonth * elapsed.TotalDays / 30.44) : null;
        var delivered = tally.Sum(Metrics.Offered);
        var score = new TeamScore(team, delivered, commitment?.LeadsPerMonth, promised, tally.Sum(Metrics.Accepted), tally.Sum(Metrics.Rejected),
            tally.RejectedAgainstMarketing(), tally.AcceptanceRate(), rejections, claimWithin, claimedWithin, firstTouchWithin, firstTouched, Share(reported), []);
        return score with { Missed = Missed(score, target) };
    }

    /// <summary>What each side fell short of, in words; the weekly review goes out when this is not empty.</summary>
    public static IReadOnlyList<string> Missed(TeamScore s, double target)
    {
        var missed = new List<string>();
        if (s.LeadsPromised is { } promised && s.Delivered < promised)
            missed.Add($"marketing delivered {s.Delivered} of the {promised} leads promised so far ({s.LeadsPerMonth} a month)");
        if (s.AcceptanceRate is { } rate && rate < target)
            missed.Add($"acceptance {AgreementWords.Percent(rate)} is below {AgreementWords.Percent(target)}: {s.RejectedAgainstMarketing} rejected against the criteria");
        if (s.ClaimedWithin is { } claimed && claimed < target)
            missed.Add($"sales claimed {AgreementWords.Percent(claimed)} within {AgreementWords.Duration(s.ClaimWithin)} (target {AgreementWords.Percent(target)})");
        if (s.FirstTouched is { } touched && touched < target)
            missed.Add($"sales touched {AgreementWords.Percent(touched)} within {AgreementWords.Duration(s.FirstTouchWithin)} (target {AgreementWords.Percent(target)})");
        return missed;
    }

    private DateTimeOffset? FirstOutcomeAt(Lead lead) =>
        lead.State == LeadState.Accepted ? null
        : store.History(lead.Id).Where(e => e.At >= lead.ClaimedAt && Outcomes.IsValid(e.Type)).Select(e => (DateTimeOffset?)e.At).FirstOrDefault();
}
