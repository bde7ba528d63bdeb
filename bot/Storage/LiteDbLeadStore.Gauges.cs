using System.Globalization;
using LeadBot.Leads;
using LiteDB;

namespace LeadBot.Storage;

/// <summary>
/// Gauges: counts of what is true now (open leads per rep, waiting leads per team), moved in the same transaction as
/// the lead that enters or leaves them, so "load per rep" and "waiting now" cost one read, not a count over documents.
/// Waiting leads are also indexed by team and offer time (waitingKey), so the oldest of a team are found first and a
/// read stops at its limit; across teams, the teams are the waiting gauges above zero, each read as its own range.
/// Range bounds built from text (like "team|~") are avoided: LiteDB compares with the culture's collation, where
/// punctuation sorts before digits.
/// </summary>
public sealed partial class LiteDbLeadStore
{
    public IReadOnlyList<Lead> Waiting(string? team, int max) => Read(() =>
        (team is null ? WaitingTeams() : [TeamKey(team)])
            .SelectMany(t => _leads.Find(LiteFilter.StartsWithAny(WaitingKeyIndexed, WaitingKeyPrefix(t)), limit: max)
                .Where(d => d["waitingKey"].IsString && d["waitingKey"].AsString.StartsWith(WaitingKeyPrefix(t), StringComparison.Ordinal)))
            .OrderBy(d => d["waitingKey"].AsString[(d["waitingKey"].AsString.LastIndexOf('|') + 1)..], StringComparer.Ordinal)
            .Take(max)
            .Select(d => StoreJson.Read<Lead>(d["json"].AsString))
            .ToList());

    public WaitingCounts CountWaiting(string? team, DateTimeOffset offeredBefore) => Read(() =>
    {
        var teams = team is null ? WaitingTeams() : [TeamKey(team)];
        var total = teams.Sum(t => Gauge(WaitingGauge(t)));
        // Leads offered since the cut-off: count those and subtract (LiteDbLeadStore.WaitingMinutes.cs).
        var recent = teams.Sum(t => WaitingSince(t, offeredBefore));
        return new WaitingCounts(total, Math.Max(0, total - recent));
    });

    /// <summary>The team keys with leads waiting now.</summary>
    private List<string> WaitingTeams() => GaugesStartingWith(WaitingGauge("")).Select(g => g.Id[WaitingGauge("").Length..]).ToList();

    private static string WaitingGauge(string teamKey) => "waiting|" + teamKey;

    /// <summary>
    /// A gauge as the open transaction has moved it: the stored count plus the moves it buffered. Reading does not write
    /// them: a claim reads its rep's open-leads gauge, and writing the group's buffered moves first made every claim of
    /// a group write the gauges of the claims before it (a third of a claim's time in the store) instead of the group
    /// writing each gauge once at its commit.
    /// </summary>
    private int Gauge(string id) => StoredGauge(id) + (InWriteScope ? _pendingGauges.GetValueOrDefault(id) : 0);

    /// <summary>The gauges above zero whose ids start with <paramref name="prefix"/>, as the open transaction has moved them.</summary>
    private List<(string Id, int N)> GaugesStartingWith(string prefix)
    {
        // The range is by LiteDB's collation; the prefix is checked ordinally.
        var stored = _gauges.Find(LiteFilter.StartsWith("_id", prefix))
            .Where(g => g["_id"].AsString.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(g => g["_id"].AsString, g => g["n"].AsInt32, StringComparer.Ordinal);
        if (InWriteScope)
        {
            foreach (var (id, delta) in _pendingGauges)
            {
                if (id.StartsWith(prefix, StringComparison.Ordinal)) stored[id] = stored.GetValueOrDefault(id) + delta;
            }
        }
        return [.. stored.Where(g => g.Value > 0).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Value))];
    }

    /// <summary>
    /// The gauges as the open transaction has moved them: a read inside one first writes the moves it buffered (see
    /// <see cref="WriteGauges"/>); outside one there are none.
    /// </summary>
    private ILiteCollection<BsonDocument> GaugesAsWritten
    {
        get
        {
            if (InWriteScope) FlushGauges();
            return _gauges;
        }
    }

    /// <param name="before">The gauges the lead's stored document counted in (none for a new one).</param>
    private void MoveGauges(IEnumerable<string> before, BsonDocument after) => WriteGauges(GaugeMoves(before, GaugesOf(after)));

    /// <param name="gaugesOf">The gauges a document counts in: a lead's (the default) or an outbox message's.</param>
    private static IEnumerable<(string Id, int Delta)> GaugeMoves(BsonDocument? before, BsonDocument after, Func<BsonDocument, IEnumerable<string>>? gaugesOf = null)
    {
        gaugesOf ??= GaugesOf;
        return GaugeMoves(before is null ? [] : gaugesOf(before), gaugesOf(after));
    }

    private static IEnumerable<(string Id, int Delta)> GaugeMoves(IEnumerable<string> before, IEnumerable<string> after)
    {
        var left = before.ToList();
        var entered = after.ToList();
        foreach (var id in left.Except(entered)) yield return (id, -1);
        foreach (var id in entered.Except(left)) yield return (id, +1);
    }

    /// <summary>
    /// In a transaction, gauge moves wait for its commit (<see cref="FlushGauges"/>), summed: a group of eight one-lead
    /// intake calls for one team reads and writes its waiting gauges once instead of eight times, as a batch of eight
    /// does. Outside one (migrations) they are written at once.
    /// </summary>
    private void WriteGauges(IEnumerable<(string Id, int Delta)> moves)
    {
        if (!InWriteScope)
        {
            WriteGaugesNow(moves);
            return;
        }
        foreach (var (id, delta) in moves) _pendingGauges[id] = _pendingGauges.GetValueOrDefault(id) + delta;
    }

    private readonly Dictionary<string, int> _pendingGauges = new(StringComparer.Ordinal);

    /// <summary>Writes the moves buffered in the open transaction; before its commit, or before it reads a gauge.</summary>
    private void FlushGauges()
    {
        if (_pendingGauges.Count == 0) return;
        var moves = _pendingGauges.Select(g => (g.Key, g.Value)).ToList();
        _pendingGauges.Clear();
        WriteGaugesNow(moves);
    }

    /// <summary>Sums the moves first: a batch of a hundred leads for one team reads and writes its gauge once.</summary>
    private void WriteGaugesNow(IEnumerable<(string Id, int Delta)> moves)
    {
        foreach (var (id, delta) in moves.GroupBy(m => m.Id, m => m.Delta).Select(g => (g.Key, g.Sum())))
        {
            if (delta == 0) continue;
            // A gauge back at zero goes: minute gauges would otherwise pile up, one per minute leads were offered in.
            var n = StoredGauge(id) + delta;
            if (n == 0) _gauges.Delete(id);
            else _gauges.Upsert(new BsonDocument { ["_id"] = id, ["n"] = n });
            GaugeWritten(id, n);
        }
    }

    private static IEnumerable<string> GaugesOf(BsonDocument lead)
    {
        if (lead["openOwner"].IsString) yield return "open|" + lead["openOwner"].AsString;
        if (lead["waitingSince"].IsDateTime)
        {
            var team = lead["team"].IsString ? TeamKey(lead["team"].AsString) : "";
            yield return WaitingGauge(team);
            yield return WaitingMinuteGauge(team, MinuteOf(lead["waitingSince"].AsDateTime.ToUniversalTime()));
        }
    }

    private static string TeamKey(string team) => team.Trim().ToLowerInvariant();

    // Fixed-width ticks sort in time order under any collation.
    private static string WaitingKey(string? team, DateTimeOffset since) =>
        WaitingKeyPrefix(TeamKey(team ?? "")) + since.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static string WaitingKeyPrefix(string teamKey) => teamKey + "|";

    /// <summary>
    /// Only waiting leads are in the waitingKey index (layout 11): every other lead's key is null, and a claim inserted
    /// that null into the index, one of its index walks under the write gate, for an entry no query reads.
    /// </summary>
    private const string WaitingKeyIndex = "waitingKey", WaitingKeyIndexed = "FILTER([$.waitingKey] => @ != null)";
}
