using System.Collections.Concurrent;

namespace LeadBot.Channels;

/// <summary>
/// Whether to log, now, that a chat platform cannot reach a person: once an hour for each person and reason. The
/// dispatcher tries their messages again every minute, and a line per try (thousands in an intake burst) buried the one
/// that tells the admin what to fix.
/// </summary>
public sealed class UnreachableNotices(TimeProvider clock)
{
    public static readonly TimeSpan Every = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _said = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="what">The person and the reason, e.g. "teams:no-identity:anna@contoso.com".</param>
    public bool ShouldSay(string what)
    {
        var now = clock.GetUtcNow();
        var said = _said.GetOrAdd(what, DateTimeOffset.MinValue);
        return now - said >= Every && _said.TryUpdate(what, now, said);
    }
}
