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

    /// <summary>Cells of the flat array <see cref="SumAllTeams"/> sums into: 256 KB, under the large object heap.</summary>
    private const int MaxFlatSum = 32_768;

    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Team, string Source, string Campaign), int> _dimIds = [];
    private readonly List<(string Team, string Source, string Campaign)> _dims = [];
    private readonly Dictionary<(string Source, string Campaign), int> _pairIds = [];
    private readonly List<(string Source, string Campaign)> _pairs = [];
    private readonly Dictionary<string, int> _metricIds = new(StringComparer.Ordinal);
    private readonly List<string> _metrics = [];
    private long _cells, _uses;

    private readonly record struct Cell(int Dim, int Metric, long Value);

    private sealed class Bucket(Cell[] cells)
    {
        public Cell[] Cells { get; } = cells;
        /// <summary>The same counts summed over teams (see <see cref="AllTeams"/>): reports for every team need no more.</summary>
        public Cell[]? AllTeams { get; set; }
        public long LastUsed { get; set; }
        public long Size => Cells.Length + (AllTeams?.Length ?? 0);
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
        if (_buckets.Remove(bucket, out var old)) _cells -= old.Size;
    }

    public void Clear()
    {
        _buckets.Clear();
        _cells = 0;
    }

    /// <summary>
    /// Totals over the buckets (all held: the caller fills them first), for one team (ignoring case), or with a null
    /// <paramref name="team"/> summed over every team, so each row then has an empty Team; zeros left out.
    /// </summary>
    public List<CounterTotal> Sum(IEnumerable<string> buckets, string? team)
    {
        var held = buckets.Select(key => _buckets[key]).ToList();
        foreach (var bucket in held) bucket.LastUsed = ++_uses;
        return team is null ? SumAllTeams(held) : SumTeam(held, team.Trim());
    }

    private List<CounterTotal> SumTeam(List<Bucket> buckets, string team)
    {
        var teamMatches = new Dictionary<int, bool>();
        var totals = new Dictionary<long, long>(); // dimension << 32 | metric
        foreach (var bucket in buckets)
        {
            foreach (var cell in bucket.Cells)
            {
                if (!teamMatches.TryGetValue(cell.Dim, out var matches))
                    teamMatches[cell.Dim] = matches = string.Equals(_dims[cell.Dim].Team, team, StringComparison.OrdinalIgnoreCase);
                if (matches) CollectionsMarshal.GetValueRefOrAddDefault(totals, (long)cell.Dim << 32 | (uint)cell.Metric, out _) += cell.Value;
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

    /// <summary>
    /// Over every team the cells are (source and campaign, metric) pairs from small id spaces, so they are summed in a
    /// flat array: a saturated week is a few thousand additions and no hashing, about as fast as a sparse one.
    /// </summary>
    private List<CounterTotal> SumAllTeams(List<Bucket> buckets)
    {
        var merged = buckets.Select(AllTeams).ToList();
        var width = _metrics.Count;
        var result = new List<CounterTotal>();
        CounterTotal Row(long index, long value)
        {
            var (source, campaign) = _pairs[(int)(index / width)];
            return new("", source, campaign, _metrics[(int)(index % width)], value);
        }
        if ((long)_pairs.Count * width <= MaxFlatSum)
        {
            var totals = new long[_pairs.Count * width];
            foreach (var cells in merged)
            {
                foreach (var cell in cells) totals[cell.Dim * width + cell.Metric] += cell.Value;
            }
            for (var i = 0; i < totals.Length; i++)
            {
                if (totals[i] != 0) result.Add(Row(i, totals[i]));
            }
            return result;
        }
        // Years of campaigns make the flat array too big to allocate per report: hash instead.
        var sparse = new Dictionary<long, long>();
        foreach (var cells in merged)
        {
            foreach (var cell in cells) CollectionsMarshal.GetValueRefOrAddDefault(sparse, (long)cell.Dim * width + cell.Metric, out _) += cell.Value;
        }
        foreach (var (i, value) in sparse)
        {
            if (value != 0) result.Add(Row(i, value));
        }
        return result;
    }

    /// <summary>The bucket's cells summed over teams, their Dim an index into <see cref="_pairs"/>; made when first asked for.</summary>
    private Cell[] AllTeams(Bucket bucket)
    {
        if (bucket.AllTeams is { } merged) return merged;
        var sums = new Dictionary<(int Pair, int Metric), long>();
        foreach (var cell in bucket.Cells)
        {
            var (_, source, campaign) = _dims[cell.Dim];
            CollectionsMarshal.GetValueRefOrAddDefault(sums, (Intern(_pairIds, _pairs, (source, campaign)), cell.Metric), out _) += cell.Value;
        }
        bucket.AllTeams = [.. sums.Select(s => new Cell(s.Key.Pair, s.Key.Metric, s.Value))];
        _cells += bucket.AllTeams.Length;
        return bucket.AllTeams;
    }

    /// <summary>Drops the least recently used buckets down to three quarters of the limit, so trimming is rare.</summary>
    private void Trim()
    {
        foreach (var (key, bucket) in _buckets.OrderBy(b => b.Value.LastUsed).ToList())
        {
            if (_cells <= maxCells * 3L / 4) break;
            _buckets.Remove(key);
            _cells -= bucket.Size;
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
