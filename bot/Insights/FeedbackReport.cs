using LeadBot.Cards;
using LeadBot.Storage;
using Microsoft.Extensions.Options;
using static LeadBot.Storage.Aggregates;

namespace LeadBot.Insights;

/// <summary>
/// What sales thought of marketing's leads: acceptance and conversion by source and campaign, why leads were rejected,
/// and what reps wrote, verbatim. Counts what happened in the period, from the aggregates; comments by index.
/// </summary>
public sealed class FeedbackReport(IReportAggregates store, ChartLinks charts, IOptionsMonitor<InsightsOptions> options, TimeProvider clock)
{
    public const string AllSources = "All sources";
    private const int Comments = 5;

    /// <summary>For chat: <paramref name="scope"/> is a source or a campaign (whichever it names), in marketing's time zone.</summary>
    public FeedbackView Build(string? scope, Period period) => For(ScopeFilter(scope, period), period);

    /// <summary>Turns "hubspot" or "Webinar Q4" into a source or campaign filter, by what the period's counters know.</summary>
    public InsightsFilter ScopeFilter(string? scope, Period period)
    {
        if (string.IsNullOrWhiteSpace(scope)) return new InsightsFilter();
        var p = period.In(Zone, clock.GetUtcNow());
        var isSource = store.CounterTotals(p.From, p.To).Any(r => string.Equals(r.Source, scope.Trim(), StringComparison.OrdinalIgnoreCase));
        return isSource ? new InsightsFilter(Source: scope.Trim()) : new InsightsFilter(Campaign: scope.Trim());
    }

    public FeedbackView For(InsightsFilter filter, Period period)
    {
        var now = clock.GetUtcNow();
        period = filter.Team is null ? period.In(Zone, now) : period;
        var tally = Tally.Read(store, filter, period.From, period.To);
        var rows = BySourceAndCampaign(tally.Rows)
            .Select(g =>
            {
                int Sum(string metric) => (int)g.Value[RowMetrics[metric]];
                var accepted = Sum(Metrics.Accepted);
                var rejected = Sum(Metrics.Rejected);
                return new FeedbackRow(g.Key.Source, g.Key.Campaign.Length == 0 ? null : g.Key.Campaign, Sum(Metrics.Offered), accepted, rejected,
                    Tally.AcceptanceRateOf(accepted, rejected, (int)g.Value[AgainstMarketing]), Sum(Metrics.Opportunity), Sum(Metrics.Won));
            })
            .Where(r => r.Offered + r.Accepted + r.Rejected + r.Opportunities + r.Won > 0)
            .OrderByDescending(r => r.Offered).ThenBy(r => r.Source, StringComparer.Ordinal).ThenBy(r => r.Campaign, StringComparer.Ordinal)
            .ToList();
        var reasons = tally.Reasons();
        var comments = store.LatestComments(new CommentQuery(period.From, period.To, filter.Team, filter.Source, filter.Campaign, Comments))
            .Select(c => new FeedbackComment(c.Who ?? "", c.Reason ?? c.Type, c.Comment, c.At, c.LeadLabel))
            .ToList();
        var label = Label(filter);
        var chart = new ChartRequest(Charts.Reasons, filter.Team, filter.Source, filter.Campaign, period.From, period.To, $"Rejection reasons · {label} · {period.Label}");
        return new FeedbackView(label, period.Label, now, rows, reasons, comments, charts.Absolute(chart), "Rejection reasons: " + Charts.ReasonsAltText(reasons));
    }

    private static readonly Dictionary<string, int> RowMetrics = new(StringComparer.Ordinal)
    {
        [Metrics.Offered] = 0, [Metrics.Accepted] = 1, [Metrics.Rejected] = 2, [Metrics.Opportunity] = 3, [Metrics.Won] = 4,
    };

    /// <summary>Index of the row's rejections against marketing, summed from the reason counters (see Tally.AcceptanceRate).</summary>
    private static readonly int AgainstMarketing = RowMetrics.Count;

    /// <summary>The row metrics per (source, campaign) in one pass: a saturated period has thousands of counter totals.</summary>
    private static Dictionary<(string Source, string Campaign), long[]> BySourceAndCampaign(IReadOnlyList<CounterTotal> totals)
    {
        var groups = new Dictionary<(string, string), long[]>();
        foreach (var t in totals)
        {
            var isReason = t.Metric.StartsWith(Metrics.ReasonPrefix, StringComparison.Ordinal);
            int i;
            if (isReason && RejectionReasons.CountsAgainstMarketing(t.Metric[Metrics.ReasonPrefix.Length..])) i = AgainstMarketing;
            else if (isReason || !RowMetrics.TryGetValue(t.Metric, out i)) continue;
            if (!groups.TryGetValue((t.Source, t.Campaign), out var sums)) groups[(t.Source, t.Campaign)] = sums = new long[RowMetrics.Count + 1];
            sums[i] += t.Value;
        }
        return groups;
    }

    /// <summary>Rejections per (source, campaign, reason) for the export, where each row gets one column per reason.</summary>
    public Dictionary<(string Source, string Campaign, string Reason), int> ReasonsByRow(InsightsFilter filter, Period period) =>
        Tally.Read(store, filter, period.From, period.To).Rows
            .Where(r => r.Metric.StartsWith(Metrics.ReasonPrefix, StringComparison.Ordinal))
            .GroupBy(r => (r.Source, r.Campaign, r.Metric[Metrics.ReasonPrefix.Length..]))
            .ToDictionary(g => g.Key, g => (int)g.Sum(r => r.Value));

    /// <summary>Marketing's time zone, in which periods without a team are placed.</summary>
    public TimeZoneInfo Zone => TimeZoneInfo.TryFindSystemTimeZoneById(options.CurrentValue.MarketingTimeZone, out var z) ? z : TimeZoneInfo.Utc;

    private static string Label(InsightsFilter f)
    {
        var parts = new[] { f.Source, f.Campaign, f.Team }.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return parts.Count == 0 ? AllSources : string.Join(" · ", parts);
    }
}
