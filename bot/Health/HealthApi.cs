using LeadBot.Handoff.Delivery;
using LeadBot.Privacy;
using LeadBot.Access;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using CheckReport = Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport;
using CheckStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus;

namespace LeadBot.Health;

/// <summary>Warnings need an admin; information describes normal states (e.g. reps matched by email when they first use the bot).</summary>
public sealed record HealthReport(string Status, int? SchemaVersion, string? Store, OutboxStats? Outbox, IReadOnlyList<string> Warnings,
    DeliveryHealth? Delivery = null, IReadOnlyList<string>? Information = null, PrivacyStatus? Privacy = null);

/// <summary>What an anonymous caller learns: the status word, nothing about people, messages or the store.</summary>
public sealed record AnonymousHealth(string Status);

/// <summary>Which chat platforms send, which audiences have nobody to send to yet, and the parked messages.</summary>
public sealed record DeliveryHealth(IReadOnlyList<string> Platforms, IReadOnlyList<string> Waiting, IReadOnlyList<ParkedMessage> Failed);

public static class HealthApi
{
    private const int FailedShown = 20;

    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<StoreCheck>("store", tags: [Checks.Ready])
            .AddCheck<MigrationsCheck>("migrations", tags: [Checks.Ready])
            .AddCheck<OutboxCheck>("outbox", tags: [Checks.Ready])
            .AddCheck<AdminCheck>("admin");
        return builder;
    }

    /// <summary>
    /// /healthz/live: the process answers (for a container's HEALTHCHECK and liveness probes; never touches the store).
    /// /healthz/ready: store reachable, migrations done, outbox moving (for load balancers and readiness probes).
    /// /healthz: the summary for admins, 200 unless the store is gone. Details (reps and their emails, parked messages,
    /// store errors) only to whoever <see cref="AccessRule.MaySeeOperations"/>; anyone else gets the status word.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Checks.Ready), ResponseWriter = WriteAsync });
        app.MapGet("/healthz", Summary).WithTags("Health")
            .WithDescription("Without an admin key (or from another machine) only \"status\" is answered.")
            .Produces<HealthReport>().Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> Summary(HttpContext http, HealthCheckService checks, AccessRule access, ILeadStore store, Roster roster,
        DeliveryStatus delivery, PrivacyLoop privacy, CancellationToken ct)
    {
        var report = await checks.CheckHealthAsync(ct);
        var status = Word(report.Status);
        var code = report.Status == CheckStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        if (!access.MaySeeOperations(http)) return TypedResults.Json(new AnonymousHealth(status), statusCode: code);

        if (report.Entries["store"] is { Status: CheckStatus.Unhealthy } broken)
            return TypedResults.Json(new HealthReport(status, null, broken.Data.GetValueOrDefault(StoreCheck.ProblemKey) as string ?? broken.Description, null, Problems(report)), statusCode: code);
        var outbox = store.OutboxStats();
        var failed = outbox.Failed > 0 ? store.FailedMessages(FailedShown).Select(ParkedMessage.From).ToList() : [];
        return TypedResults.Json(new HealthReport(status, store.SchemaVersion, "reachable", outbox, Problems(report),
            new DeliveryHealth(delivery.Platforms, delivery.WaitingFor(), failed), roster.Unreachable(), privacy.Status()), statusCode: code);
    }

    /// <summary>Each failing check's lines: what to act on.</summary>
    private static List<string> Problems(CheckReport report) => report.Entries.Values
        .Where(e => e.Status != CheckStatus.Healthy)
        .SelectMany(e => e.Data.TryGetValue(AdminCheck.WarningsKey, out var lines) && lines is IEnumerable<string> many ? many : [e.Description ?? "unknown problem"])
        .ToList();

    /// <summary>Probes get the status word and, for a key holder or this machine, each check's description.</summary>
    private static Task WriteAsync(HttpContext http, CheckReport report)
    {
        object body = http.RequestServices.GetRequiredService<AccessRule>().MaySeeOperations(http)
            ? new { status = Word(report.Status), checks = report.Entries.ToDictionary(e => e.Key, e => new { status = Word(e.Value.Status), description = e.Value.Description }) }
            : new AnonymousHealth(Word(report.Status));
        return http.Response.WriteAsJsonAsync(body);
    }

    private static string Word(CheckStatus status) => status switch
    {
        CheckStatus.Healthy => "healthy",
        CheckStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
