using LeadBot.Handoff.Delivery;
using LeadBot.Routing;
using LeadBot.Storage;
using LeadBot.Storage.Postgres;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LeadBot.Health;

/// <summary>
/// The checks behind /healthz/ready (tag <see cref="Ready"/>: may this instance take traffic) and /healthz (all of them:
/// does an admin need to act). Degraded is only for something an admin must do; each check's description says what.
/// </summary>
internal static class Checks
{
    public const string Ready = "ready";
}

/// <summary>The store answers (a LiteDB file opens, PostgreSQL takes a query).</summary>
internal sealed class StoreCheck(ILeadStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Probe() is { } problem
            ? HealthCheckResult.Unhealthy("The store is not reachable: " + problem, data: new Dictionary<string, object> { [ProblemKey] = problem })
            : HealthCheckResult.Healthy());

    public const string ProblemKey = "problem";
}

/// <summary>The store's layout is the one this build writes (migrations ran; a newer instance did not move it on).</summary>
internal sealed class MigrationsCheck(ILeadStore store, IOptions<StorageOptions> storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var expected = storage.Value.IsPostgres ? PostgresSchema.Latest : LiteDbLeadStore.LatestLayout;
        var actual = store.SchemaVersion;
        return Task.FromResult(actual == expected
            ? HealthCheckResult.Healthy($"schema version {actual}")
            : HealthCheckResult.Unhealthy($"The store is at schema version {actual}; this build needs {expected}. It migrates when the store is next reachable; a higher version means a newer LeadBot wrote it."));
    }
}

/// <summary>
/// The dispatcher is working through the outbox: with messages pending and a platform to send them to, it must have
/// made a pass recently. A hung or crashed dispatcher shows here long before anyone misses a lead card.
/// </summary>
internal sealed class OutboxCheck(ILeadStore store, DeliveryStatus delivery, IOptionsMonitor<DeliveryOptions> options, TimeProvider clock) : IHealthCheck
{
    /// <summary>How many poll intervals (at least a minute) without a pass make the dispatcher stuck.</summary>
    private static readonly TimeSpan AtLeast = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.CurrentValue;
        if (!o.Enabled || delivery.Platforms.Count == 0) return Task.FromResult(HealthCheckResult.Healthy("no dispatcher runs here"));
        var allowed = o.PollInterval * 10 > AtLeast ? o.PollInterval * 10 : AtLeast;
        var last = delivery.LastPass;
        var now = clock.GetUtcNow();
        if (last is { } at && now - at <= allowed) return Task.FromResult(HealthCheckResult.Healthy());
        var stats = store.OutboxStats();
        if (stats.Pending == 0) return Task.FromResult(HealthCheckResult.Healthy());
        return Task.FromResult(HealthCheckResult.Unhealthy(last is { } was
            ? $"The outbox dispatcher has not run since {was:u} while {stats.Pending} message(s) are pending; restart this instance."
            : $"The outbox dispatcher has not started while {stats.Pending} message(s) are pending; restart this instance."));
    }
}

/// <summary>What an admin must configure or fix: no team, parked messages, messages with nowhere to go.</summary>
internal sealed class AdminCheck(ILeadStore store, DeliveryStatus delivery, IOptionsMonitor<RoutingOptions> routing) : IHealthCheck
{
    public const string WarningsKey = "warnings";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var warnings = AdminWarnings.OfConfiguration(routing.CurrentValue).ToList();
        var outbox = store.OutboxStats();
        if (outbox.Failed > 0) warnings.Add($"{outbox.Failed} message(s) could not be delivered and are parked; retry them with POST /api/outbox/retry.");
        if (delivery.Platforms.Count == 0 && outbox.Pending > 0)
            warnings.Add($"No chat platform (Teams or Slack) is configured: {outbox.Pending} message(s) wait in the outbox.");
        warnings.AddRange(delivery.WaitingFor());
        return Task.FromResult(warnings.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded(string.Join(" ", warnings), data: new Dictionary<string, object> { [WarningsKey] = warnings }));
    }
}
