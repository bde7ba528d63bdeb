using LeadBot.Access;
using LeadBot.Handoff.Delivery;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Health;

/// <summary>What an anonymous caller learns: healthy, degraded or unhealthy.</summary>
public sealed record HealthStatus(string Status);

/// <summary>Warnings need an admin; information describes normal states (e.g. reps matched by email when they first use the bot).</summary>
public sealed record HealthReport(string Status, int? SchemaVersion, string? Store, OutboxStats? Outbox, IReadOnlyList<string> Warnings,
    DeliveryHealth? Delivery = null, IReadOnlyList<string>? Information = null);

/// <summary>Which chat platforms send, which audiences have nobody to send to yet, and the parked messages.</summary>
public sealed record DeliveryHealth(IReadOnlyList<string> Platforms, IReadOnlyList<string> Waiting, IReadOnlyList<ParkedMessage> Failed);

public static class HealthApi
{
    private const int FailedShown = 20;

    /// <summary>
    /// 200 while the store answers, 503 otherwise. The body says what an admin should look at, but only to an admin
    /// (<see cref="AccessRule.MaySeeOperations"/>): it names reps and their emails, parked messages and store errors.
    /// Anyone else (a load balancer, a stranger) gets the status alone.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (HttpContext http, AccessRule access, ILeadStore store, Roster roster, DeliveryStatus delivery, IOptionsMonitor<RoutingOptions> routing) =>
        {
            var report = Report(store, roster, delivery, routing.CurrentValue);
            var status = report.Status == "unhealthy" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            return access.MaySeeOperations(http)
                ? (IResult)TypedResults.Json(report, statusCode: status)
                : TypedResults.Json(new HealthStatus(report.Status), statusCode: status);
        }).WithTags("Health");
        return app;
    }

    private static HealthReport Report(ILeadStore store, Roster roster, DeliveryStatus delivery, RoutingOptions routing)
    {
        var problem = store.Probe();
        if (problem is not null) return new HealthReport("unhealthy", null, problem, null, []);
        var outbox = store.OutboxStats();
        var warnings = AdminWarnings.OfConfiguration(routing).ToList();
        if (outbox.Failed > 0) warnings.Add($"{outbox.Failed} message(s) could not be delivered and are parked; retry them with POST /api/outbox/retry.");
        if (delivery.Platforms.Count == 0 && outbox.Pending > 0)
            warnings.Add($"No chat platform (Teams or Slack) is configured: {outbox.Pending} message(s) wait in the outbox.");
        var waiting = delivery.WaitingFor();
        warnings.AddRange(waiting);
        var failed = outbox.Failed > 0 ? store.FailedMessages(FailedShown).Select(ParkedMessage.From).ToList() : [];
        return new HealthReport(warnings.Count == 0 ? "healthy" : "degraded", store.SchemaVersion, "reachable", outbox, warnings,
            new DeliveryHealth(delivery.Platforms, waiting, failed), roster.Unreachable());
    }
}
