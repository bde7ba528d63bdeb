using System.Runtime.InteropServices;
using LeadBot.Cards;
using LeadBot.Storage;
using static LeadBot.Storage.Aggregates;

namespace LeadBot.Insights;

/// <summary>Which slice of the aggregates a report or chart shows. Null means all; matches ignore case.</summary>
public sealed record InsightsFilter(string? Team = null, string? Source = null, string? Campaign = null)
{
    public bool Matches(string team, string source, string campaign) =>
        Same(Team, team) && Same(Source, source) && Same(Campaign, campaign);

    private static bool Same(string? wanted, string value) => wanted is null || string.Equals(wanted.Trim(), value, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Counter totals for one filter and period, read once and summed the ways the reports need.</summary>
public sealed class Tally
{
    private readonly IReadOnlyList<CounterTotal> _rows;
    // A saturated period has thousands of rows and a report asks for a dozen metrics: sum each once, when first asked.
    private Dictionary<string, long>? _byMetric;

    private Tally(IReadOnlyList<CounterTotal> rows) => _rows = rows;

    private Dictionary<string, long> ByMetric
    {
        get
        {
            if (_byMetric is not null) return _byMetric;
            var sums = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var r in _rows) CollectionsMarshal.GetValueRefOrAddDefault(sums, r.Metric, out _) += r.Value;
            return _byMetric = sums;
        }
    }

    public static Tally Read(IReportAggregates store, InsightsFilter filter, DateTimeOffset from, DateTimeOffset to)
    {
        var totals = store.CounterTotals(from, to, filter.Team);
        return new(filter == new InsightsFilter() ? totals : totals.Where(r => filter.Matches(r.Team, r.Source, r.Campaign)).ToList());
    }

    public IReadOnlyList<CounterTotal> Rows => _rows;

    public int Sum(string metric) => (int)ByMetric.GetValueOrDefault(metric);

    public StageCounts Stages() => new(
        Qualified: Sum(Metrics.Qualified), Offered: Sum(Metrics.Offered), Accepted: Sum(Metrics.Accepted),
        Contacted: Sum(Metrics.Contacted), Meeting: Sum(Metrics.Meeting), Opportunity: Sum(Metrics.Opportunity),
        Won: Sum(Metrics.Won), Lost: Sum(Metrics.Lost) + Sum(Metrics.Disqualified), Rejected: Sum(Metrics.Rejected),
        Expired: Sum(Metrics.Expired), Nurture: Sum(Metrics.Nurture));

    public IReadOnlyList<ReasonCount> Reasons() => _rows.Where(r => r.Metric.StartsWith(Metrics.ReasonPrefix, StringComparison.Ordinal))
        .GroupBy(r => r.Metric[Metrics.ReasonPrefix.Length..])
        .Select(g => new ReasonCount(g.Key, (int)g.Sum(r => r.Value)))
        .OrderByDescending(r => r.Count).ThenBy(r => r.ReasonCode, StringComparer.Ordinal).ToList();

    public ClaimTimes ClaimTimes()
    {
        var counts = new long[ClaimBucketBounds.Count];
        foreach (var r in _rows.Where(r => r.Metric.StartsWith(Metrics.ClaimPrefix, StringComparison.Ordinal)))
        {
            if (int.TryParse(r.Metric.AsSpan(Metrics.ClaimPrefix.Length), out var i) && i >= 0 && i < counts.Length) counts[i] += r.Value;
        }
        return new ClaimTimes(counts);
    }

    /// <summary>Rejections whose reason counts against marketing (see <see cref="RejectionKinds"/>); the rest are disqualifications.</summary>
    public int RejectedAgainstMarketing() => Reasons().Where(r => RejectionReasons.CountsAgainstMarketing(r.ReasonCode)).Sum(r => r.Count);

    /// <summary>The one acceptance rate every report and the agreement's scorecard show.</summary>
    public double? AcceptanceRate() => AcceptanceRateOf(Sum(Metrics.Accepted), Sum(Metrics.Rejected), RejectedAgainstMarketing());

    /// <summary>
    /// Share of the leads sales decided on that it took: a disqualification (no budget, no need, …, learnt by working the
    /// lead) counts as taken, only a rejection counts against marketing.
    /// </summary>
    public static double? AcceptanceRateOf(int accepted, int rejected, int rejectedAgainstMarketing) =>
        Rate(accepted + rejected - rejectedAgainstMarketing, accepted + rejected);

    public static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;
}

/// <summary>The time-to-claim histogram (buckets of <see cref="ClaimBucketBounds"/>): percentiles interpolated inside a bucket.</summary>
public sealed record ClaimTimes(IReadOnlyList<long> Counts)
{
    public long Total => Counts.Sum();

    public TimeSpan? Percentile(double p)
    {
        var total = Total;
        if (total == 0) return null;
        var rank = Math.Max(p * total, 1e-9);
        long before = 0;
        for (var i = 0; i < Counts.Count; i++)
        {
            if (Counts[i] > 0 && before + Counts[i] >= rank)
            {
                var (lower, upper) = Bounds(i);
                if (upper == TimeSpan.MaxValue) return lower;
                return lower + (upper - lower) * ((rank - before) / Counts[i]);
            }
            before += Counts[i];
        }
        return Bounds(Counts.Count - 1).Lower;
    }

    /// <summary>Claims that took at least <paramref name="threshold"/> (a bucket the threshold cuts is split in proportion).</summary>
    public int AtLeast(TimeSpan threshold)
    {
        double late = 0;
        for (var i = 0; i < Counts.Count; i++)
        {
            var (lower, upper) = Bounds(i);
            if (lower >= threshold) late += Counts[i];
            else if (upper > threshold && upper != TimeSpan.MaxValue) late += Counts[i] * ((upper - threshold) / (upper - lower));
        }
        return (int)Math.Round(late);
    }

    private static (TimeSpan Lower, TimeSpan Upper) Bounds(int i) => (i == 0 ? TimeSpan.Zero : ClaimBucketBounds[i - 1], ClaimBucketBounds[i]);
}
