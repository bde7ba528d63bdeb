using Microsoft.Extensions.Options;

namespace LeadBot.Handoff.ServiceLevels;

/// <summary>Runs the service-level timers every Sla:ScanInterval on the injected clock.</summary>
internal sealed class SlaScheduler(SlaTimers timers, IOptionsMonitor<SlaOptions> options, TimeProvider clock, ILogger<SlaScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            try { timers.Run(); }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                log.LogError(e, "The service-level timers could not run; trying again in {Interval}", options.CurrentValue.ScanInterval);
            }
            try { await Task.Delay(options.CurrentValue.ScanInterval, clock, stop); }
            catch (OperationCanceledException) { return; }
        }
    }
}
