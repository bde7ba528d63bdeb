using System.Runtime.InteropServices;

namespace LeadBot.Storage;

/// <summary>
/// Whole counter buckets (one hour, day or month, every team, source and campaign in it) held in memory once read, as
/// compact cells of interned dimensions and metrics. Summing a saturated quarter is then a few thousand additions
/// instead of a few hundred row reads, so a report costs about the same at 10,000 leads as at 1,000,000.
/// Not thread-safe: the store guards it, and its write gate is what keeps it to committed rows.
/// Least recently used buckets are dropped past <paramref name="maxCells"/>, so memory stays bounded whatever the history.
/// </summary>
internal sealed class CounterCache(int maxCells = CounterCache.DefaultMaxCells)
{
    /// <summary>About 8 MB: every month of several years, a few months of days and the recent hours at full saturation.</summary>
    public const int DefaultMaxCells = 500_000;

    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Team, string Source, string Campaign), int> _dimIds = [];
    private readonly List<(string Team, string Source, string Campaign)> _dims = [];
    private readonly Dictionary<string, int> _metricIds = new(StringComparer.Ordinal);
    private readonly List<string> _metrics = [];
    private long _cells, _uses;

    private readonly record struct Cell(int Dim, int Metric, long Value);

    private sealed class Bucket(Cell[] cells)
    {
        public Cell[] Cells { get; } = cells;
        public long LastUsed { get; set; }
    }

    /// <summary>One stored counter row: its dimensions and its metric counts.</summary>
    public sealed record Row(string Team, string Source, string Campaign, IEnumerable<KeyValuePair<string, long>> Counts);

    public int Count => _buckets.Count;

    public bool Has(string bucket) => _buckets.ContainsKey(bucket);

    /// <summary>Holds the bucket's rows (none: an empty bucket, which is worth knowing too), replacing what was held.</summary>
    public void Set(string bucket, IEnumerable<Row> rows)
    {
        Forget(bucket);
        var cells = new List<Cell>();
        foreach (var row in rows)
        {
            var dim = Intern(_dimIds, _dims, (row.Team, row.Source, row.Campaign));
            foreach (var (metric, value) in row.Counts)
            {
                if (value != 0) cells.Add(new Cell(dim, Intern(_metricIds, _metrics, metric), value));
            }
        }
        _buckets[bucket] = new Bucket([.. cells]) { LastUsed = ++_uses };
        _cells += cells.Count;
        if (_cells > maxCells) Trim();
    }

    public void Forget(string bucket)
    {
        if (_buckets.Remove(bucket, out var old)) _cells -= old.Cells.Length;
    }

    public void Clear()
    {
        _buckets.Clear();
        _cells = 0;
    }

    /// <summary>Totals over the buckets (all held: the caller fills them first), for one team (ignoring case) or all; zeros left out.</summary>
    public List<CounterTotal> Sum(IEnumerable<string> buckets, string? team)
    {
        var wanted = team?.Trim();
        var teamMatches = new Dictionary<int, bool>();
        var totals = new Dictionary<long, long>(); // dimension << 32 | metric
        foreach (var key in buckets)
        {
            var bucket = _buckets[key];
            bucket.LastUsed = ++_uses;
            foreach (var cell in bucket.Cells)
            {
                if (wanted is not null)
                {
                    if (!teamMatches.TryGetValue(cell.Dim, out var matches))
                        teamMatches[cell.Dim] = matches = string.Equals(_dims[cell.Dim].Team, wanted, StringComparison.OrdinalIgnoreCase);
                    if (!matches) continue;
                }
                ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(totals, (long)cell.Dim << 32 | (uint)cell.Metric, out _);
                total += cell.Value;
            }
        }
        var result = new List<CounterTotal>(totals.Count);
        foreach (var (key, value) in totals)
        {
            if (value == 0) continue;
            var (t, s, c) = _dims[(int)(key >> 32)];
            result.Add(new CounterTotal(t, s, c, _metrics[(int)(key & 0xFFFFFFFF)], value));
        }
        return result;
    }

    /// <summary>Drops the least recently used buckets down to three quarters of the limit, so trimming is rare.</summary>
    private void Trim()
    {
        foreach (var (key, bucket) in _buckets.OrderBy(b => b.Value.LastUsed).ToList())
        {
            if (_cells <= maxCells * 3L / 4) break;
            _buckets.Remove(key);
            _cells -= bucket.Cells.Length;
        }
    }

    private static int Intern<T>(Dictionary<T, int> ids, List<T> values, T value) where T : notnull
    {
        if (ids.TryGetValue(value, out var id)) return id;
        ids[value] = id = values.Count;
        values.Add(value);
        return id;
    }
}
