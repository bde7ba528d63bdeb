using System.Collections.Concurrent;

namespace LeadBot.Channels.Slack;

/// <summary>
/// Keeps the bot inside Slack's rate limits instead of hitting them: chat.postMessage is spaced about one per second per
/// channel (a burst of announcements waits its turn), and after a 429 the method is not called again before Retry-After.
/// </summary>
public sealed class SlackPacer(TimeProvider clock)
{
    public static readonly TimeSpan PerChannel = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _nextSlot = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);

    /// <summary>Waits until this channel may receive the next message, and books the slot after it.</summary>
    public Task WaitTurnAsync(string channel, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset slot;
        lock (_gate)
        {
            slot = _nextSlot.TryGetValue(channel, out var next) && next > now ? next : now;
            _nextSlot[channel] = slot + PerChannel;
            if (_nextSlot.Count > 10_000) Prune(now);
        }
        return slot > now ? Task.Delay(slot - now, clock, ct) : Task.CompletedTask;
    }

    /// <summary>Slack answered 429 for <paramref name="method"/>: nobody calls it again before then.</summary>
    public void Limited(string method, TimeSpan retryAfter) => _blockedUntil[method] = clock.GetUtcNow() + retryAfter;

    /// <summary>How long <paramref name="method"/> is still rate-limited; null when it may be called.</summary>
    public TimeSpan? LimitedFor(string method) =>
        _blockedUntil.TryGetValue(method, out var until) && until - clock.GetUtcNow() is { Ticks: > 0 } left ? left : null;

    private void Prune(DateTimeOffset now)
    {
        foreach (var key in _nextSlot.Where(kv => kv.Value <= now).Select(kv => kv.Key).ToList()) _nextSlot.Remove(key);
    }
}
