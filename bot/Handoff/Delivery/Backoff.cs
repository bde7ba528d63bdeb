using System.Security.Cryptography;

namespace LeadBot.Handoff.Delivery;

internal static class Backoff
{
    /// <summary>
    /// Exponential from <paramref name="first"/>, capped, with "equal jitter" (half fixed, half random) so that messages
    /// failing together do not retry together.
    /// </summary>
    public static TimeSpan After(int attempts, TimeSpan first, TimeSpan max)
    {
        var exp = Math.Min(attempts - 1, 20);
        var ticks = Math.Min(first.Ticks * (1L << exp), max.Ticks);
        return TimeSpan.FromTicks(ticks / 2 + Jitter(ticks / 2));
    }

    /// <summary>The platform said when: wait that long, plus a little so a crowd of throttled messages spreads out.</summary>
    public static TimeSpan Throttled(TimeSpan retryAfter) =>
        retryAfter + TimeSpan.FromTicks(Jitter(Math.Min(retryAfter.Ticks / 5, TimeSpan.TicksPerSecond)));

    private static long Jitter(long upTo) => upTo <= 0 ? 0 : (long)(RandomNumberGenerator.GetInt32(1_000_001) / 1_000_000d * upTo);
}
