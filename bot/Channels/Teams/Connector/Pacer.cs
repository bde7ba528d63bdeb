using System.Collections.Concurrent;
using LeadBot.Handoff.Delivery;

namespace LeadBot.Channels.Teams.Connector;

/// <summary>
/// Keeps the sends to one conversation inside Teams' per-bot, per-conversation limits (7 per second, 8 per 2 s,
/// 60 per 30 s, 1800 per hour) by waiting for the next free slot instead of collecting 429s. Waits run on the
/// injected <see cref="TimeProvider"/>, so tests move through an hour of sends without sleeping.
/// </summary>
public sealed class Pacer(TimeProvider clock, DeliveryRecovery? recovery = null)
{
    public static readonly IReadOnlyList<(int Count, TimeSpan Per)> TeamsSendLimits =
    [
        (7, TimeSpan.FromSeconds(1)), (8, TimeSpan.FromSeconds(2)), (60, TimeSpan.FromSeconds(30)), (1800, TimeSpan.FromHours(1)),
    ];

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public IReadOnlyList<(int Count, TimeSpan Per)> Limits { get; init; } = TeamsSendLimits;

    /// <summary>Reserves the earliest slot that keeps every limit, then waits until it comes.</summary>
    public async Task WaitTurnAsync(string conversationId, CancellationToken ct)
    {
        var window = _windows.GetOrAdd(ConversationKey(conversationId), _ => new Window());
        var now = clock.GetUtcNow();
        var slot = window.Reserve(now, Limits, recovery?.Recent(now, Sustained.Per) == true ? Sustained.Per / Sustained.Count : TimeSpan.Zero);
        var wait = slot - clock.GetUtcNow();
        if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, ct);
    }

    /// <summary>
    /// After a crash the restarted process sends what the dead one held, and Teams still counts what the dead one sent
    /// just before: a pacer that allowed its full burst drew a 429 for nearly every send. So for the length of the longest
    /// window under an hour (60 per 30 s) after this process took back a dead dispatcher's messages, each conversation is
    /// paced at that window's sustained rate (one per 500 ms): the first send goes at once, the next ones evenly, and
    /// bursts come back once the dead process's sends have left the window.
    /// </summary>
    private (int Count, TimeSpan Per) Sustained =>
        Limits.Where(l => l.Per < TimeSpan.FromHours(1)).DefaultIfEmpty((Count: 1, Per: TimeSpan.Zero)).MaxBy(l => l.Per);

    /// <summary>A reply in a channel thread counts against the channel, so "19:x;messageid=1" and "19:x" share one window.</summary>
    private static string ConversationKey(string conversationId) => TeamsConversations.ChannelOf(conversationId);

    private sealed class Window
    {
        private readonly Queue<DateTimeOffset> _slots = new();
        private readonly Lock _lock = new();

        /// <param name="gap">The least time between two sends (none after the start-up period).</param>
        public DateTimeOffset Reserve(DateTimeOffset now, IReadOnlyList<(int Count, TimeSpan Per)> limits, TimeSpan gap)
        {
            lock (_lock)
            {
                var longest = limits.Max(l => l.Per);
                while (_slots.Count > 0 && _slots.Peek() <= now - longest) _slots.Dequeue();
                var taken = _slots.ToArray(); // ascending: slots are handed out in order
                var slot = now;
                foreach (var (count, per) in limits)
                {
                    // The (count)-th most recent slot must have left the window before a new one fits.
                    if (taken.Length >= count)
                    {
                        var blocking = taken[^count] + per;
                        if (blocking > slot) slot = blocking;
                    }
                }
                if (taken.Length > 0 && taken[^1] + gap > slot) slot = taken[^1] + gap;
                _slots.Enqueue(slot);
                return slot;
            }
        }
    }
}
