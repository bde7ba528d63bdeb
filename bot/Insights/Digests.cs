using LeadBot.Cards;
using LeadBot.Handoff.Delivery;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Insights;

/// <summary>
/// The contract between the digest schedulers and the chat deliveries. An outbox message of kind "digest" has
/// audience "marketing" (weekly feedback, the agreement review), "managers:TEAM" (daily pipeline) or "rep:EMAIL" (the
/// agreement review, to each sales manager once) and a Payload that is this record as JSON (<see cref="StoreJson.Options"/>:
/// camelCase, enums as camelCase strings, TimeSpan as "d.hh:mm:ss"). Exactly one of <see cref="Pipeline"/>,
/// <see cref="Feedback"/> and <see cref="Review"/> is set, matching <see cref="Type"/>; each platform draws it as the card
/// the pipeline / feedback / criteria chat command answers with, <see cref="Title"/> said with it.
/// </summary>
public sealed record DigestPayload(string Type, string Title, PipelineView? Pipeline = null, FeedbackView? Feedback = null, SectionsView? Review = null)
{
    public const string PipelineType = "pipeline";
    public const string FeedbackType = "feedback";
    public const string ReviewType = "agreement-review";

    public static DigestPayload Read(string json) => StoreJson.Read<DigestPayload>(json);
}

/// <summary>Puts the feedback and pipeline digests in the outbox once per schedule slot (<see cref="DigestSlots"/>).</summary>
public sealed class Digests(
    DigestSlots slots, Router router, PipelineReport pipeline, FeedbackReport feedback, OutboxSignal signal, IOptionsMonitor<InsightsOptions> options)
{
    /// <summary>Enqueues every digest whose slot has come since the last run; returns the messages enqueued.</summary>
    public IReadOnlyList<OutboxMessage> RunDue()
    {
        var o = options.CurrentValue;
        var sent = new List<OutboxMessage>();
        if (DigestSlots.Cron(o.Digests.MarketingCron) is { } marketing && DigestSlots.Zone(o.MarketingTimeZone) is var mz
            && slots.Due(Audiences.Marketing, marketing, mz) is { } slot)
        {
            var view = feedback.For(new InsightsFilter(), Period.Previous(7, slot, mz, "last 7 days"));
            sent.Add(slots.Enqueue($"digest:marketing:{slot.UtcDateTime:yyyyMMddTHHmm}", Audiences.Marketing, slot,
                new DigestPayload(DigestPayload.FeedbackType, "Weekly feedback on marketing's leads", Feedback: view)));
            slots.Done(Audiences.Marketing);
        }
        if (DigestSlots.Cron(o.Digests.ManagersCron) is { } managers)
        {
            foreach (var team in router.Teams.Where(t => t.Managers.Count > 0))
            {
                var zone = pipeline.ZoneOf(team);
                if (slots.Due(Audiences.Managers(team.Name), managers, zone) is not { } teamSlot) continue;
                var view = pipeline.For(new InsightsFilter(team.Name), Period.Previous(1, teamSlot, zone, "yesterday"));
                sent.Add(slots.Enqueue($"digest:managers:{team.Name.ToLowerInvariant()}:{teamSlot.UtcDateTime:yyyyMMddTHHmm}", Audiences.Managers(team.Name), teamSlot,
                    new DigestPayload(DigestPayload.PipelineType, $"Daily pipeline for {team.Name}", Pipeline: view)));
                slots.Done(Audiences.Managers(team.Name));
            }
        }
        if (sent.Count > 0) signal.Poke(); // out now, not at the dispatcher's next poll
        return sent;
    }
}

/// <summary>
/// Checks a digest schedule (once a minute by default, <c>Insights:Digests:CheckEvery</c>) on the injected clock. The
/// first check runs inside start-up (not on the background thread), so schedules count from a known moment.
/// </summary>
public abstract class DigestCheck(IOptions<InsightsOptions> options, TimeProvider clock, ILogger log) : BackgroundService
{
    /// <summary>"Digest check", for the log when a check fails.</summary>
    protected abstract string What { get; }

    protected abstract void RunDue();

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
        try { RunDue(); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "{What} failed; trying again at the next check", What);
        }
    }
}

internal sealed class DigestLoop(Digests digests, IOptions<InsightsOptions> options, TimeProvider clock, ILogger<DigestLoop> log)
    : DigestCheck(options, clock, log)
{
    protected override string What => "Digest check";
    protected override void RunDue() => digests.RunDue();
}
