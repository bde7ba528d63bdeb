using System.Globalization;
using LeadBot.Leads;
using LiteDB;

namespace LeadBot.Storage;

/// <summary>
/// Counters live in one row per (hour, team, source, campaign), again per (day, …) and again per (month, …), each
/// holding its metric counts. A range reads month rows for its whole UTC months, day rows for the whole days around
/// them and hour rows only for the ragged ends, so its cost depends on the range and the number of dimensions, never
/// on the number of leads. Row ids start with the grain and a fixed-width time ("h|2026113009|…", "d|20261130|…",
/// "m|202611|…"), so each piece is one primary-key range read, and digits sort the same under every collation.
/// Buckets once read stay in memory (<see cref="CounterCache"/>): a saturated bucket holds every team, source and
/// campaign, so reading its rows again on each report made the cost grow with the data until it saturated.
/// </summary>
public sealed partial class LiteDbLeadStore
{
    /// <summary>A query whose values are parameters, so LiteDB compiles its text once (see <see cref="LiteFilter"/>).</summary>
    private static BsonExpression P(string expression, params BsonValue[] args) => BsonExpression.Create(expression, args);

    /// <summary>Writes the comments of the events now and returns their counter bumps, for one write per counter row.</summary>
    private List<CounterIncrement> Derive(Lead lead, IReadOnlyList<LeadEvent> events)
    {
        var counts = new List<CounterIncrement>();
        foreach (var e in events)
        {
            counts.AddRange(Aggregates.From(lead, e));
            if (Aggregates.CommentOf(lead, e) is { } comment)
            {
                _comments.Insert(new BsonDocument
                {
                    ["at"] = comment.At.UtcDateTime,
                    ["team"] = comment.Team.ToLowerInvariant(),
                    ["source"] = comment.Source,
                    ["campaign"] = comment.Campaign.ToLowerInvariant(),
                    ["json"] = StoreJson.Write(comment),
                });
            }
        }
        return counts;
    }

    /// <summary>
    /// In a transaction, counter bumps wait for its commit (<see cref="FlushCounters"/>): a group of four intake batches
    /// touches the same hour, day and month rows four times, and each row write is an index read and a document update.
    /// </summary>
    private void WriteCounters(List<CounterIncrement> increments)
    {
        if (InWriteScope) _pendingCounts.AddRange(increments);
        else WriteCountersNow(increments);
    }

    private readonly List<CounterIncrement> _pendingCounts = [];

    /// <summary>Writes the bumps buffered in the open transaction; before its commit, or before it reads counters.</summary>
    private void FlushCounters()
    {
        if (_pendingCounts.Count == 0) return;
        var increments = _pendingCounts.ToList();
        _pendingCounts.Clear();
        WriteCountersNow(increments);
    }

    private void WriteCountersNow(List<CounterIncrement> increments)
    {
        if (increments.Count == 0) return;
        // Hour rows of one day fold into the same day row: sum them first so each row is read and written once.
        var rows = new Dictionary<string, (string Team, string Source, string Campaign, Dictionary<string, int> Counts)>();
        foreach (var (hour, team, source, campaign, counts) in Aggregates.Group(increments))
        {
            Add(CounterId("h", HourKey(hour), team, source, campaign));
            Add(CounterId("d", DayKey(hour), team, source, campaign));
            Add(CounterId("m", MonthKey(hour), team, source, campaign));
            // Before the commit, under the gate: no reader can put the old rows back, and a rollback only costs a re-read.
            lock (_cacheGate)
            {
                _counterCache.Forget("h|" + HourKey(hour));
                _counterCache.Forget("d|" + DayKey(hour));
                _counterCache.Forget("m|" + MonthKey(hour));
            }
            void Add(string id)
            {
                if (!rows.TryGetValue(id, out var row)) rows[id] = row = (team, source, campaign, new Dictionary<string, int>());
                foreach (var (metric, n) in counts) row.Counts[metric] = row.Counts.GetValueOrDefault(metric) + n;
            }
        }
        foreach (var (id, row) in rows)
        {
            var doc = _counters.FindById(id);
            var isNew = doc is null;
            doc ??= new BsonDocument { ["_id"] = id, ["team"] = row.Team, ["source"] = row.Source, ["campaign"] = row.Campaign, ["c"] = new BsonDocument() };
            var c = doc["c"].AsDocument;
            foreach (var (metric, n) in row.Counts) c[metric] = (c.TryGetValue(metric, out var v) ? v.AsInt64 : 0L) + n;
            if (isNew) _counters.Insert(doc); else _counters.Update(doc);
        }
    }

    public IReadOnlyList<CounterTotal> CounterTotals(DateTimeOffset from, DateTimeOffset to, string? team = null)
    {
        var start = Aggregates.HourOf(from);
        var end = Aggregates.HourOf(to);
        if (end < to.UtcDateTime) end = end.AddHours(1);
        if (end <= start) return [];
        var pieces = Months(start, end);
        var buckets = pieces.SelectMany(p => p.Buckets()).ToList();
        // A read inside a transaction sees its own bumps: written now, they also forget the buckets they change.
        if (InWriteScope) FlushCounters();
        // Everything at hand: no need to wait for a write in progress (its buckets are gone until it has finished).
        lock (_cacheGate)
        {
            if (buckets.All(_counterCache.Has)) return _counterCache.Sum(buckets, team);
        }
        lock (_gate)
        {
            // Inside a transaction the rows may hold writes that can still roll back: read them, but do not keep them.
            if (_depth > 0) return Filled(new CounterCache(int.MaxValue), pieces).Sum(buckets, team);
            lock (_cacheGate)
            {
                if (Filled(_counterCache, pieces) is var cache && buckets.All(cache.Has)) return cache.Sum(buckets, team);
            }
            // One range with more buckets than the cache keeps (years of them): summed from its own copy.
            return Filled(new CounterCache(int.MaxValue), pieces).Sum(buckets, team);
        }
    }

    /// <summary>
    /// Counter buckets read so far (see <see cref="CounterCache"/>). A write forgets the buckets it changes
    /// (<see cref="WriteCounters"/>, under the write gate, before its commit), and a bucket is read in only under the
    /// write gate outside any transaction, so the cache never holds a row that could still roll back, nor one older than
    /// a commit; a rolled-back write at worst costs a re-read. <see cref="_cacheGate"/> guards the cache itself and is
    /// always taken after the write gate, never before. The bot is the one process writing its file: another process
    /// writing the same shared file would not be seen here.
    /// </summary>
    private readonly CounterCache _counterCache = new();
    private readonly Lock _cacheGate = new();

    private CounterCache Filled(CounterCache cache, List<Piece> pieces)
    {
        foreach (var piece in pieces) Fill(cache, piece);
        return cache;
    }

    /// <summary>Buckets of one grain with From ≤ time &lt; To.</summary>
    private sealed record Piece(string Grain, DateTime From, DateTime To)
    {
        public IEnumerable<string> Buckets()
        {
            for (var t = From; t < To; t = Next(t)) yield return Bucket(t);
        }

        public DateTime Next(DateTime t) => Grain switch { "h" => t.AddHours(1), "d" => t.AddDays(1), _ => t.AddMonths(1) };

        public string Bucket(DateTime t) => Grain + "|" + Grain switch { "h" => HourKey(t), "d" => DayKey(t), _ => MonthKey(t) };
    }

    /// <summary>Month buckets for the range's whole UTC months, day buckets for the whole days around them, hours for the ragged ends.</summary>
    private static List<Piece> Months(DateTime start, DateTime end)
    {
        var first = new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        if (first < start) first = first.AddMonths(1);
        var last = new DateTime(end.Year, end.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return first < last
            ? [.. Days(start, first), new Piece("m", first, last), .. Days(last, end)]
            : Days(start, end);
    }

    private static List<Piece> Days(DateTime start, DateTime end)
    {
        var first = start.TimeOfDay == TimeSpan.Zero ? start : start.Date.AddDays(1);
        var last = end.Date;
        return first < last
            ? [new Piece("h", start, first), new Piece("d", first, last), new Piece("h", last, end)]
            : [new Piece("h", start, end)];
    }

    /// <summary>
    /// Reads the piece's buckets that the cache lacks, from the first missing to the last missing one in one primary-key
    /// range (the bare end prefix sorts before every row of its own bucket), and holds each, empty ones included.
    /// </summary>
    private void Fill(CounterCache cache, Piece piece)
    {
        DateTime? firstMissing = null, lastMissing = null;
        for (var t = piece.From; t < piece.To; t = piece.Next(t))
        {
            if (cache.Has(piece.Bucket(t))) continue;
            firstMissing ??= t;
            lastMissing = t;
        }
        if (firstMissing is not { } from || lastMissing is not { } last) return;
        var to = piece.Next(last);
        var rows = _counters.Find(P("_id BETWEEN @0 AND @1", piece.Bucket(from), piece.Bucket(to)))
            .Select(doc => (Id: doc["_id"].AsString, Row: new CounterCache.Row(doc["team"].AsString, doc["source"].AsString, doc["campaign"].AsString,
                doc["c"].AsDocument.Select(m => KeyValuePair.Create(m.Key, m.Value.AsInt64)).ToList())))
            .ToLookup(r => r.Id[..r.Id.IndexOf('|', piece.Grain.Length + 1)], r => r.Row, StringComparer.Ordinal);
        for (var t = from; t < to; t = piece.Next(t)) cache.Set(piece.Bucket(t), rows[piece.Bucket(t)]);
    }

    private static string CounterId(string grain, string time, string team, string source, string campaign) =>
        $"{grain}|{time}|{team}|{source}|{campaign}";

    private static string HourKey(DateTime hour) => hour.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
    private static string DayKey(DateTime day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
    private static string MonthKey(DateTime day) => day.ToString("yyyyMM", CultureInfo.InvariantCulture);

    public IReadOnlyList<LeadComment> LatestComments(CommentQuery query)
    {
        bool Match(BsonDocument d, string field, string? wanted) => wanted is null || d[field].AsString == wanted.Trim().ToLowerInvariant();
        var from = query.From.UtcDateTime;
        var to = query.To.UtcDateTime;
        // One index range read backwards from the end of the period, stopping at Max matches: no sort, no full read.
        return Read(() => _comments.Query().Where(P("at BETWEEN @0 AND @1", from, to)).OrderByDescending("at").ToEnumerable()
            .Where(d => d["at"].AsDateTime < to)
            .Where(d => Match(d, "team", query.Team) && Match(d, "source", query.Source) && Match(d, "campaign", query.Campaign))
            .Take(query.Max)
            .Select(d => StoreJson.Read<LeadComment>(d["json"].AsString))
            .ToList());
    }
}
