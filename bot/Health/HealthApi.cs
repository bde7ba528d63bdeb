using LeadBot.Routing;
using LeadBot.Storage;

namespace LeadBot.Health;

public sealed record HealthReport(string Status, int? SchemaVersion, string? Store, OutboxStats? Outbox, IReadOnlyList<string> Warnings);

public static class HealthApi
{
    /// <summary>200 while the store answers, 503 otherwise; the body says what an admin should look at.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (ILeadStore store, Roster roster) =>
        {
            var problem = store.Probe();
            if (problem is not null)
                return TypedResults.Json(new HealthReport("unhealthy", null, problem, null, []), statusCode: StatusCodes.Status503ServiceUnavailable);
            var outbox = store.OutboxStats();
            var warnings = roster.Unreachable().ToList();
            if (outbox.Failed > 0) warnings.Add($"{outbox.Failed} message(s) could not be delivered and are parked; retry them with POST /api/outbox/retry.");
            return TypedResults.Json(new HealthReport(warnings.Count == 0 ? "healthy" : "degraded", store.SchemaVersion, "reachable", outbox, warnings));
        }).WithTags("Health");
        return app;
    }
}
