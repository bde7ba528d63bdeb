using Microsoft.Extensions.Options;

namespace LeadBot.Privacy;

/// <summary>The privacy schedule as /healthz shows it to a key holder.</summary>
public sealed record PrivacyStatus(
    string? EraseClosedLeadsAfter, string? EraseOpenLeadsAfter, DateTimeOffset NextRun, RetentionRun? LastRun, CompactionState Compaction);

/// <summary>
/// Once a day at <see cref="PrivacyOptions.RunAt"/> (UTC): retention, then compaction if anything was erased since the
/// last one (by retention or by request). With several instances on one database, the first to reach the slot runs it.
/// </summary>
public sealed class PrivacyLoop(
    Retention retention, Compaction compaction, Storage.ILeadStore store, IOptionsMonitor<PrivacyOptions> options, TimeProvider clock,
    ILogger<PrivacyLoop> log) : BackgroundService
{
    private RetentionRun? _last;

    public PrivacyStatus Status()
    {
        var o = options.CurrentValue;
        return new PrivacyStatus(o.EraseClosedLeadsAfter?.ToString(), o.EraseOpenLeadsAfter?.ToString(), NextRun(clock.GetUtcNow()), _last, compaction.State);
    }

    public DateTimeOffset NextRun(DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) + options.CurrentValue.RunAt.ToTimeSpan();
        return today > now ? today : today.AddDays(1);
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var next = NextRun(clock.GetUtcNow());
        if (o.RetentionOn)
            log.LogInformation("Privacy: retention on, closed leads erased after {Closed}, leads nobody worked after {Open}; next run {Next:u}",
                o.EraseClosedLeadsAfter?.ToString() ?? "never", o.EraseOpenLeadsAfter?.ToString() ?? "never", next);
        else
            log.LogInformation("Privacy: retention off (set Privacy:EraseClosedLeadsAfter / Privacy:EraseOpenLeadsAfter to erase old leads); the daily run at {Next:u} compacts the store after erasures", next);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = NextRun(clock.GetUtcNow());
            if (next - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero) await Task.Delay(wait, clock, stoppingToken);
            RunSlot(next);
        }
    }

    /// <summary>One day's run; false when another instance already took this slot.</summary>
    public bool RunSlot(DateTimeOffset slot)
    {
        try
        {
            if (!store.TryMarkOnce($"privacy-run|{slot.UtcTicks}", clock.GetUtcNow(), TimeSpan.FromDays(3))) return false;
            if (options.CurrentValue.RetentionOn)
            {
                _last = retention.Run(slot);
                log.LogInformation("Privacy run: retention erased {Closed} closed lead(s) and {Open} lead(s) nobody worked; next run {Next:u}",
                    _last.ClosedErased, _last.OpenErased, NextRun(clock.GetUtcNow()));
            }
            compaction.RunIfDue();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            log.LogError(e, "Privacy run failed; it runs again tomorrow, or erase and compact through /api/people now");
            return false;
        }
    }
}
