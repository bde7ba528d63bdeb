using LiteDB;

namespace LeadBot.Storage;

/// <summary>
/// How soon each audience's lane can next have a message to take, so that <see cref="TakeDue"/> reads only the lanes
/// that can. Most of a busy dispatcher's lanes wait for their platform's pace (a rep's chat released after a 429 until
/// its Retry-After): with 50 of them pending, each look read all 50 to take a dozen messages from a few, 4 ms of the
/// write gate, a fifth of it in an accept burst. A head is never later than the lane's first takeable message: every
/// outbox write that puts a message in a lane lowers its lane's head to that message's moment (<see cref="InLane"/>),
/// a read of the lane sets it to what it found, and a rolled-back transaction forgets them all (they are read again).
/// Off in shared mode, where another process may write the file.
/// </summary>
public sealed partial class LiteDbLeadStore
{
    /// <summary>Audience → the earliest moment (ticks) its lane may hold a takeable message; null until first needed.</summary>
    private Dictionary<string, long>? _laneHeads;

    /// <summary>The audiences whose lanes may hold a message that can be taken by <paramref name="until"/>.</summary>
    private List<string> AudiencesDueBy(DateTimeOffset until)
    {
        if (_shared) return [.. PendingAudiences().Select(a => a.Audience)];
        _laneHeads ??= PendingAudiences().ToDictionary(a => a.Audience, _ => long.MinValue, StringComparer.Ordinal);
        return [.. _laneHeads.Where(h => h.Value <= until.UtcTicks).Select(h => h.Key)];
    }

    /// <summary>An outbox document was written: if it is in a lane, that lane may have a message to take at its moment.</summary>
    private void InLane(BsonDocument message)
    {
        if (_laneHeads is null || !message["lane"].IsString) return;
        var audience = message["audience"].AsString;
        var takeAt = TakeAtIn(message["lane"].AsString);
        if (!_laneHeads.TryGetValue(audience, out var head) || takeAt < head) _laneHeads[audience] = takeAt;
    }

    /// <summary>A read of the whole head of a lane found its first message not yet takeable at <paramref name="next"/>, or (null) none.</summary>
    private void LaneRead(string audience, long? next)
    {
        if (_laneHeads is null) return;
        if (next is { } at) _laneHeads[audience] = at;
        else _laneHeads.Remove(audience);
    }

    private void ForgetLaneHeads() => _laneHeads = null;
}
