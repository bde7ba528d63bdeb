namespace LeadBot.Channels.Teams;

/// <summary>
/// Invoke activity ids seen in the last <see cref="Window"/>, in memory. Teams redelivers an invoke whose answer was slow;
/// a copy found here is answered with the card as it is now, without running the step again. This is a shortcut, not
/// the guarantee: every card step is idempotent by itself (a versioned update that a repeat finds already done: "you
/// already own it", "already recorded as won", "you already rejected it"), so a copy that arrives after a restart or
/// after the window still changes nothing. No store write per click, where a durable mark cost one in every accept.
/// </summary>
public sealed class RecentInvokes(TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <summary>Ids kept at most, whatever the rate: the oldest go first (they are the least likely to come again).</summary>
    internal const int MaxKept = 100_000;

    private readonly Lock _lock = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset At)> _order = new();

    /// <summary>True the first time the key is seen within the window; false for a repeat.</summary>
    public bool FirstTime(string key)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            while (_order.TryPeek(out var oldest) && (oldest.At <= now - Window || _order.Count >= MaxKept))
                _seen.Remove(_order.Dequeue().Key);
            if (!_seen.Add(key)) return false;
            _order.Enqueue((key, now));
            return true;
        }
    }
}
