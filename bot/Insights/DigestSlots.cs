using Cronos;
using LeadBot.Storage;

namespace LeadBot.Insights;

/// <summary>
/// The schedule bookkeeping every digest shares: which slot of a cron schedule is due since the last run (a cursor per
/// schedule in the store), and the digest message whose id names the slot, so two instances (or a restart inside the
/// same minute) enqueue the same message and the outbox keeps one. A bot that was down sends only the latest missed
/// slot, not a backlog of stale digests; a schedule seen for the first time starts counting from now.
/// </summary>
public sealed class DigestSlots(ILeadStore store, TimeProvider clock, ILogger<DigestSlots> log)
{
    public const string CursorBag = "digest-cursor";

    private sealed record Cursor(string Schedule, DateTimeOffset Last);

    /// <summary>The latest slot in (last run, now], or null. The cursor moves only by <see cref="Done"/>, after the enqueue.</summary>
    public DateTimeOffset? Due(string schedule, CronExpression cron, TimeZoneInfo zone)
    {
        var now = clock.GetUtcNow();
        var cursor = store.Get<Cursor>(CursorBag, schedule);
        if (cursor is null)
        {
            Done(schedule);
            return null;
        }
        DateTimeOffset? slot = null;
        for (var next = cron.GetNextOccurrence(cursor.Last, zone); next is { } n && n <= now; next = cron.GetNextOccurrence(n, zone)) slot = n;
        return slot;
    }

    /// <summary>Moves the schedule's cursor to now; a crash before this re-enqueues the same ids, which the outbox keeps once.</summary>
    public void Done(string schedule) => store.Put(CursorBag, schedule, new Cursor(schedule, clock.GetUtcNow()));

    /// <summary>A digest message with <paramref name="id"/> (naming the slot) for <paramref name="audience"/>, not yet enqueued.</summary>
    public OutboxMessage Message(string id, string audience, DigestPayload payload)
    {
        var now = clock.GetUtcNow();
        return new OutboxMessage
        {
            Id = id, Kind = OutboxMessage.Kinds.Digest, Audience = audience, Payload = StoreJson.Write(payload), CreatedAt = now, DueAt = now,
        };
    }

    public OutboxMessage Enqueue(string id, string audience, DateTimeOffset slot, DigestPayload payload)
    {
        var message = Message(id, audience, payload);
        store.Enqueue([message]);
        log.LogInformation("Digest {Id} for the {Slot:u} slot queued for {Audience}", id, slot, audience);
        return message;
    }

    public static CronExpression? Cron(string? expression) => string.IsNullOrWhiteSpace(expression) ? null : CronExpression.Parse(expression);

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z) ? z : TimeZoneInfo.Utc;
}
