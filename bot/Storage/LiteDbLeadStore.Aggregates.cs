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
/// </summary>
public sealed partial class LiteDbLeadStore
{
    private const int MigrationPage = 2000;

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

    private void WriteCounters(List<CounterIncrement> increments)
    {
        if (increments.Count == 0) return;
        // Hour rows of one day fold into the same day row: sum them first so each row is read and written once.
        var rows = new Dictionary<string, (string Team, string Source, string Campaign, Dictionary<string, int> Counts)>();
        foreach (var (hour, team, source, campaign, counts) in Aggregates.Group(increments))
        {
            Add(CounterId("h", HourKey(hour), team, source, campaign));
            Add(CounterId("d", DayKey(hour), team, source, campaign));
            Add(CounterId("m", MonthKey(hour), team, source, campaign));
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
        var totals = new Dictionary<(string, string, string, string), long>();
        if (end <= start) return [];
        foreach (var doc in Months(start, end))
        {
            var rowTeam = doc["team"].AsString;
            if (team is not null && !string.Equals(rowTeam, team.Trim(), StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var (metric, value) in doc["c"].AsDocument)
            {
                var key = (rowTeam, doc["source"].AsString, doc["campaign"].AsString, metric);
                totals[key] = totals.GetValueOrDefault(key) + value.AsInt64;
            }
        }
        return totals.Where(t => t.Value != 0).Select(t => new CounterTotal(t.Key.Item1, t.Key.Item2, t.Key.Item3, t.Key.Item4, t.Value)).ToList();
    }

    private IEnumerable<BsonDocument> Months(DateTime start, DateTime end)
    {
        var first = new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        if (first < start) first = first.AddMonths(1);
        var last = new DateTime(end.Year, end.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return first < last
            ? [.. Days(start, first), .. Range("m", MonthKey(first), MonthKey(last)), .. Days(last, end)]
            : Days(start, end);
    }

    private IEnumerable<BsonDocument> Days(DateTime start, DateTime end)
    {
        var first = start.TimeOfDay == TimeSpan.Zero ? start : start.Date.AddDays(1);
        var last = end.Date;
        return first < last
            ? [.. Range("h", HourKey(start), HourKey(first)), .. Range("d", DayKey(first), DayKey(last)), .. Range("h", HourKey(last), HourKey(end))]
            : Range("h", HourKey(start), HourKey(end));
    }

    /// <summary>Rows of one grain with start ≤ time &lt; end. The bare end prefix sorts before every row of its own bucket.</summary>
    private IEnumerable<BsonDocument> Range(string grain, string startKey, string endKey) => startKey == endKey
        ? []
        : _counters.Find(P("_id BETWEEN @0 AND @1", grain + "|" + startKey, grain + "|" + endKey));

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
        return _comments.Query().Where(P("at BETWEEN @0 AND @1", from, to)).OrderByDescending("at").ToEnumerable()
            .Where(d => d["at"].AsDateTime < to)
            .Where(d => Match(d, "team", query.Team) && Match(d, "source", query.Source) && Match(d, "campaign", query.Campaign))
            .Take(query.Max)
            .Select(d => StoreJson.Read<LeadComment>(d["json"].AsString))
            .ToList();
    }

    /// <summary>
    /// Layout 2: counters, comments, gauges and the waiting indexes. Folds every stored lead's history into the aggregates,
    /// a page of leads per transaction; it starts from empty aggregates, so an interrupted run simply runs again.
    /// </summary>
    private void FoldIntoAggregates()
    {
        _counters.DeleteAll();
        _comments.DeleteAll();
        _gauges.DeleteAll();
        _comments.EnsureIndex("at");
        _leads.EnsureIndex("waitingSince");
        _leads.EnsureIndex("waitingKey");
        var last = "";
        while (true)
        {
            var page = _leads.Find(P("_id > @0", last), limit: MigrationPage).ToList();
            if (page.Count == 0) break;
            // One transaction per page, opened through InTransaction so the reads inside (History) join it.
            InTransaction(() =>
            {
                var counts = new List<CounterIncrement>();
                foreach (var doc in page)
                {
                    var lead = StoreJson.Read<Lead>(doc["json"].AsString);
                    var current = ToDoc(lead);
                    _leads.Update(current);
                    MoveGauges(null, current);
                    counts.AddRange(Derive(lead, History(lead.Id)));
                }
                WriteCounters(counts);
                return true;
            });
            last = page[^1]["_id"].AsString; // Find by _id range returns index order
        }
    }
}
