using System.Globalization;
using LiteDB;

namespace LeadBot.Storage;

/// <summary>
/// Waiting leads counted per team and minute of their offer (layout 10), moved with the lead like the other gauges. "How
/// many waiting leads are past the service level" is then the team's total minus the few minutes since the cut-off: a
/// handful of gauge reads and one index range inside the cut-off's minute, however many leads wait. Counting the waiting
/// index instead read every lead offered since the cut-off, all of them after a big import.
/// </summary>
public sealed partial class LiteDbLeadStore
{
    private const string WaitingMinutePrefix = "waitmin|";
    private const long LastMinute = 999_999_999_999; // twelve digits: every minute a DateTime can hold

    private static string WaitingMinuteGauge(string teamKey, long minute) =>
        WaitingMinutePrefix + teamKey + "|" + minute.ToString("D12", CultureInfo.InvariantCulture);

    private static long MinuteOf(DateTime utc) => utc.Ticks / TimeSpan.TicksPerMinute;

    /// <summary>Waiting leads of the team offered at or after <paramref name="since"/>.</summary>
    private int WaitingSince(string teamKey, DateTimeOffset since)
    {
        var minute = MinuteOf(since.UtcDateTime);
        var prefix = WaitingMinutePrefix + teamKey + "|";
        // Later whole minutes from their gauges (fixed-width digits sort alike under any collation; the prefix is checked
        // ordinally because the range is by LiteDB's collation).
        var wholeMinutes = GaugesAsWritten.Find(LiteFilter.Between("_id", WaitingMinuteGauge(teamKey, minute + 1), WaitingMinuteGauge(teamKey, LastMinute)))
            .Where(g => g["_id"].AsString.StartsWith(prefix, StringComparison.Ordinal))
            .Sum(g => g["n"].AsInt32);
        // The cut-off's own minute, from the index: only its leads offered since the cut-off.
        var endOfMinute = new DateTimeOffset((minute + 1) * TimeSpan.TicksPerMinute - 1, TimeSpan.Zero);
        var partial = _leads.Count(LiteFilter.BetweenAny(WaitingKeyIndexed, WaitingKey(teamKey, since), WaitingKey(teamKey, endOfMinute)));
        return wholeMinutes + partial;
    }

    /// <summary>Layout 10: the minute gauges of the leads waiting now, read through the waiting index team by team.</summary>
    private void CountWaitingMinutes()
    {
        foreach (var team in WaitingTeams())
        {
            var minutes = _leads.Query()
                .Where(LiteFilter.StartsWith("waitingKey", WaitingKeyPrefix(team)))
                .Select("{ k: $.waitingKey, t: $.waitingSince }")
                .ToEnumerable()
                .Where(d => d["k"].IsString && d["k"].AsString.StartsWith(WaitingKeyPrefix(team), StringComparison.Ordinal) && d["t"].IsDateTime)
                .GroupBy(d => MinuteOf(d["t"].AsDateTime.ToUniversalTime()));
            foreach (var m in minutes) _gauges.Upsert(new BsonDocument { ["_id"] = WaitingMinuteGauge(team, m.Key), ["n"] = m.Count() });
        }
    }
}
