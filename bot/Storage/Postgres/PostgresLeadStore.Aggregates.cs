using LeadBot.Leads;
using Npgsql;

namespace LeadBot.Storage.Postgres;

/// <summary>
/// Aggregates on PostgreSQL: counter rows per UTC hour and per UTC day (summed by the database over a range), comments
/// with the lead's dimensions, and waiting leads by a partial index on waiting_since. The bumps come from
/// <see cref="Aggregates"/>, written in the transaction of the lead change, in key order so instances never deadlock.
/// </summary>
public sealed partial class PostgresLeadStore
{
    public IReadOnlyList<CounterTotal> CounterTotals(DateTimeOffset from, DateTimeOffset to, string? team = null)
    {
        var start = Aggregates.HourOf(from);
        var end = Aggregates.HourOf(to);
        if (end < to.UtcDateTime) end = end.AddHours(1);
        if (end <= start) return [];
        var firstDay = start.TimeOfDay == TimeSpan.Zero ? start : start.Date.AddDays(1);
        var lastDay = end.Date;
        // Whole days from day rows, the ragged ends from hour rows; with no whole day, hours only.
        var (days, headEnd, tailStart) = firstDay < lastDay ? ((firstDay, lastDay), firstDay, lastDay) : ((start, start), end, end);
        return Read(c =>
        {
            using var cmd = new NpgsqlCommand("""
                SELECT CASE WHEN @team::text IS NULL THEN '' ELSE team END AS t, source, campaign, metric, sum(n)::bigint FROM counters
                WHERE ((grain = 'd' AND at >= @ds AND at < @de)
                    OR (grain = 'h' AND ((at >= @s AND at < @he) OR (at >= @ts AND at < @e))))
                  AND (@team::text IS NULL OR lower(team) = lower(@team::text))
                GROUP BY t, source, campaign, metric
                HAVING sum(n) <> 0
                """, c);
            cmd.Parameters.AddWithValue("ds", days.Item1);
            cmd.Parameters.AddWithValue("de", days.Item2);
            cmd.Parameters.AddWithValue("s", start);
            cmd.Parameters.AddWithValue("he", headEnd);
            cmd.Parameters.AddWithValue("ts", tailStart);
            cmd.Parameters.AddWithValue("e", end);
            cmd.Parameters.AddWithValue("team", (object?)team?.Trim() ?? DBNull.Value);
            using var reader = cmd.ExecuteReader();
            var rows = new List<CounterTotal>();
            while (reader.Read()) rows.Add(new CounterTotal(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4)));
            return rows;
        });
    }

    public IReadOnlyList<LeadComment> LatestComments(CommentQuery query) => Read(c => c.Query("""
            SELECT json FROM comments
            WHERE at >= @from AND at < @to
              AND (@team::text IS NULL OR team = @team::text) AND (@source::text IS NULL OR source = @source::text)
              AND (@campaign::text IS NULL OR campaign = @campaign::text)
            ORDER BY at DESC, seq DESC LIMIT @max
            """,
            ("from", query.From.ToUniversalTime()), ("to", query.To.ToUniversalTime()), ("team", Key(query.Team)),
            ("source", Key(query.Source)), ("campaign", Key(query.Campaign)), ("max", query.Max))
        .Select(StoreJson.Read<LeadComment>).ToList());

    public IReadOnlyList<Lead> Waiting(string? team, int max) => Read(c => c.Query("""
            SELECT json FROM leads WHERE waiting_since IS NOT NULL AND (@team::text IS NULL OR lower(team) = @team::text)
            ORDER BY waiting_since, id LIMIT @max
            """, ("team", Key(team)), ("max", max))
        .Select(StoreJson.Read<Lead>).ToList());

    public WaitingCounts CountWaiting(string? team, DateTimeOffset offeredBefore) => Read(c =>
    {
        using var cmd = new NpgsqlCommand("""
            SELECT count(*), count(*) FILTER (WHERE waiting_since < @before) FROM leads
            WHERE waiting_since IS NOT NULL AND (@team::text IS NULL OR lower(team) = @team::text)
            """, c);
        cmd.Parameters.AddWithValue("before", offeredBefore.ToUniversalTime());
        cmd.Parameters.AddWithValue("team", (object?)Key(team) ?? DBNull.Value);
        using var reader = cmd.ExecuteReader();
        reader.Read();
        return new WaitingCounts((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    });

    /// <summary>Rows per counter (schema step 3): as many changes can bump one counter at once without queueing.</summary>
    private const int CounterSlots = 64;

    /// <summary>
    /// The slot a change bumps: its connection's server process, so that concurrent changes (each on a connection of its
    /// own, of this instance or another) land on different rows, and one connection's changes, one after another, keep to
    /// one. Slots taken in turn, sixteen of them, spread even a quiet bot's changes over every slot, and still left 64
    /// concurrent claims queueing four deep for each other's commits: the counter upsert took 5.2 ms of a claim's
    /// transaction, the rest of its statements 0.4 ms each. A collision (two processes a multiple of 64 apart) only waits.
    /// </summary>
    private static short SlotOf(NpgsqlConnection c) => (short)(c.ProcessID % CounterSlots);

    /// <summary>The counter upsert and the comment inserts for these changes (none when they bump nothing).</summary>
    /// <param name="slot">The counter rows' slot (<see cref="SlotOf"/>); null for schema step 2's fold, which runs on the table as step 2 made it (no slot column yet).</param>
    private static List<Statement> AggregateStatements(IReadOnlyList<(Lead Lead, IReadOnlyList<LeadEvent> Events)> changes, short? slot)
    {
        var rows = new SortedDictionary<(string, DateTime, string, string, string, string), long>();
        var comments = new List<LeadComment>();
        foreach (var (lead, events) in changes)
        {
            foreach (var e in events)
            {
                foreach (var i in Aggregates.From(lead, e))
                {
                    foreach (var (grain, at) in new[] { ("h", i.Hour), ("d", i.Hour.Date) })
                    {
                        var key = (grain, DateTime.SpecifyKind(at, DateTimeKind.Utc), i.Team, i.Source, i.Campaign, i.Metric);
                        rows[key] = rows.GetValueOrDefault(key) + i.By;
                    }
                }
                if (Aggregates.CommentOf(lead, e) is { } comment) comments.Add(comment);
            }
        }
        var statements = new List<Statement>();
        if (rows.Count > 0)
        {
            var keys = rows.Keys.ToList();
            // One slot for the whole change, its rows in key order: two changes on the same slot lock in the same order
            // (no deadlock), and changes on different slots do not wait for each other at all.
            var slotColumn = slot is null ? "" : ", slot";
            List<(string, object?)> args =
            [
                ("grain", keys.Select(k => k.Item1).ToArray()), ("at", keys.Select(k => k.Item2).ToArray()), ("team", keys.Select(k => k.Item3).ToArray()),
                ("source", keys.Select(k => k.Item4).ToArray()), ("campaign", keys.Select(k => k.Item5).ToArray()),
                ("metric", keys.Select(k => k.Item6).ToArray()), ("n", rows.Values.ToArray()),
            ];
            if (slot is { } s) args.Add(("slot", s));
            statements.Add(new($"""
                INSERT INTO counters (grain, at, team, source, campaign, metric, n{slotColumn})
                SELECT *{(slot is null ? "" : ", @slot")} FROM unnest(@grain::text[], @at::timestamptz[], @team::text[], @source::text[], @campaign::text[], @metric::text[], @n::bigint[])
                ON CONFLICT (grain, at, team, source, campaign, metric{slotColumn}) DO UPDATE SET n = counters.n + EXCLUDED.n
                """, [.. args]));
        }
        if (comments.Count > 0)
        {
            statements.Add(new("""
                INSERT INTO comments (at, team, source, campaign, json)
                SELECT at, team, source, campaign, json::json FROM unnest(@at::timestamptz[], @team::text[], @source::text[], @campaign::text[], @json::text[])
                    AS x(at, team, source, campaign, json)
                """,
                [("at", comments.Select(x => x.At.UtcDateTime).ToArray()), ("team", comments.Select(x => x.Team.ToLowerInvariant()).ToArray()),
                 ("source", comments.Select(x => x.Source).ToArray()), ("campaign", comments.Select(x => x.Campaign.ToLowerInvariant()).ToArray()),
                 ("json", comments.Select(StoreJson.Write).ToArray())]));
        }
        return statements;
    }

    /// <summary>Schema step 2: folds every stored lead's history into the new aggregates, a page of leads at a time.</summary>
    internal static void FoldIntoAggregates(NpgsqlConnection c)
    {
        var last = "";
        while (true)
        {
            var leads = c.Query("SELECT json FROM leads WHERE id > @last ORDER BY id LIMIT 2000", ("last", last)).Select(StoreJson.Read<Lead>).ToList();
            if (leads.Count == 0) return;
            var events = c.Query("SELECT json FROM events WHERE lead_id = ANY(@ids) ORDER BY at, seq", ("ids", leads.Select(l => l.Id).ToArray()))
                .Select(StoreJson.Read<LeadEvent>).ToLookup(e => e.LeadId);
            c.ExecuteAll(AggregateStatements(leads.Select(l => (l, (IReadOnlyList<LeadEvent>)[.. events[l.Id]])).ToList(), slot: null));
            last = leads[^1].Id;
        }
    }

    private static DateTime? WaitingSince(Lead lead) => lead.State.IsWaiting() ? (lead.OfferedAt ?? lead.ReceivedAt).UtcDateTime : null;

    private static string? Key(string? value) => value?.Trim().ToLowerInvariant();
}
