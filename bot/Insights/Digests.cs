using Cronos;
using LeadBot.Cards;
using LeadBot.Handoff.Delivery;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Insights;

/// <summary>
/// The contract between the digest scheduler and the chat deliveries. An outbox message of kind "digest" has
/// audience "marketing" (weekly feedback) or "managers:TEAM" (daily pipeline) and a Payload that is this record as JSON
/// (<see cref="StoreJson.Options"/>: camelCase, enums as camelCase strings, TimeSpan as "d.hh:mm:ss"). Exactly one of
/// <see cref="Pipeline"/> and <see cref="Feedback"/> is set, matching <see cref="Type"/>; each platform draws it as the
/// card the pipeline / feedback chat command answers with, <see cref="Title"/> said with it.
/// </summary>
public sealed record DigestPayload(string Type, string Title, PipelineView? Pipeline = null, FeedbackView? Feedback = null)
{
    public const string PipelineType = "pipeline";
    public const string FeedbackType = "feedback";

    public static DigestPayload Read(string json) => StoreJson.Read<DigestPayload>(json);
}

/// <summary>
/// Puts each digest in the outbox once per schedule slot. The outbox id names the slot, so two instances (or a restart
/// inside the same minute) enqueue the same message and the outbox keeps one. A bot that was down sends only the latest
/// missed slot, not a backlog of stale digests; a bot starting for the first time starts counting from now.
/// </summary>
public sealed class Digests(
    ILeadStore store, Router router, PipelineReport pipeline, FeedbackReport feedback, OutboxSignal signal,
    IOptionsMonitor<InsightsOptions> options, TimeProvider clock, ILogger<Digests> log)
{
    public const string CursorBag = "digest-cursor";

    private sealed record Cursor(string Schedule, DateTimeOffset Last);

    /// <summary>Enqueues every digest whose slot has come since the last run; returns the messages enqueued.</summary>
    public IReadOnlyList<OutboxMessage> RunDue()
    {
        var o = options.CurrentValue;
        var sent = new List<OutboxMessage>();
        if (Cron(o.Digests.MarketingCron) is { } marketing && Zone(o.MarketingTimeZone) is var mz
            && Due(Audiences.Marketing, marketing, mz) is { } slot)
        {
            var view = feedback.For(new InsightsFilter(), Period.Previous(7, slot, mz, "last 7 days"));
            sent.Add(Enqueue($"digest:marketing:{slot.UtcDateTime:yyyyMMddTHHmm}", Audiences.Marketing, slot,
                new DigestPayload(DigestPayload.FeedbackType, "Weekly feedback on marketing's leads", Feedback: view)));
            Done(Audiences.Marketing);
        }
        if (Cron(o.Digests.ManagersCron) is { } managers)
        {
            foreach (var team in router.Teams.Where(t => t.Managers.Count > 0))
            {
                var zone = pipeline.ZoneOf(team);
                if (Due(Audiences.Managers(team.Name), managers, zone) is not { } teamSlot) continue;
                var view = pipeline.For(new InsightsFilter(team.Name), Period.Previous(1, teamSlot, zone, "yesterday"));
                sent.Add(Enqueue($"digest:managers:{team.Name.ToLowerInvariant()}:{teamSlot.UtcDateTime:yyyyMMddTHHmm}", Audiences.Managers(team.Name), teamSlot,
                    new DigestPayload(DigestPayload.PipelineType, $"Daily pipeline for {team.Name}", Pipeline: view)));
                Done(Audiences.Managers(team.Name));
            }
        }
        if (sent.Count > 0) signal.Poke(); // out now, not at the dispatcher's next poll
        return sent;
    }

    /// <summary>The latest slot in (last run, now], or null. The cursor moves only after the enqueue: a crash in between re-enqueues the same id.</summary>
    private DateTimeOffset? Due(string schedule, CronExpression cron, TimeZoneInfo zone)
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

    private void Done(string schedule) => store.Put(CursorBag, schedule, new Cursor(schedule, clock.GetUtcNow()));

    private OutboxMessage Enqueue(string id, string audience, DateTimeOffset slot, DigestPayload payload)
    {
        var now = clock.GetUtcNow();
        var message = new OutboxMessage
        {
            Id = id, Kind = OutboxMessage.Kinds.Digest, Audience = audience, Payload = StoreJson.Write(payload), CreatedAt = now, DueAt = now,
        };
        store.Enqueue([message]);
        log.LogInformation("Digest {Id} for the {Slot:u} slot queued for {Audience}", id, slot, audience);
        return message;
    }

    private static CronExpression? Cron(string? expression) => string.IsNullOrWhiteSpace(expression) ? null : CronExpression.Parse(expression);

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z) ? z : TimeZoneInfo.Utc;
}

/// <summary>Checks the digest schedules (once a minute by default) on the injected clock; the first check runs during start-up.</summary>
internal sealed class DigestLoop(Digests digests, IOptions<InsightsOptions> options, TimeProvider clock, ILogger<DigestLoop> log) : BackgroundService
{
    // The first check runs inside start-up (not on the background thread) so schedules count from a known moment.
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Check();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Digests.CheckEvery, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken)) Check();
    }

    private void Check()
    {
        try { digests.RunDue(); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Digest check failed; trying again at the next check");
        }
    }
}
