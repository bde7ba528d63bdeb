using System.Diagnostics;
using System.Diagnostics.Metrics;
using LeadBot.Handoff.Delivery;
using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Telemetry;

/// <summary>
/// LeadBot's own meter ("LeadBot") and activity source: what a sales-ops dashboard or an alert needs beyond HTTP and
/// database spans. Names follow OpenTelemetry's conventions (dotted, lower case, units in UCUM).
/// </summary>
public sealed class LeadBotMetrics : IDisposable
{
    public const string Name = "LeadBot";

    /// <summary>Spans of LeadBot's own work that no HTTP request carries: the dispatcher's sends.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _received, _qualified, _routed, _sendsFailed, _throttled, _escalations;
    private readonly Histogram<double> _timeToClaim;
    private readonly OutboxGauge _outbox;

    public LeadBotMetrics(IMeterFactory meters, IOutboxStore store, DeliveryStatus delivery, TimeProvider clock)
    {
        _meter = meters.Create(Name);
        _received = _meter.CreateCounter<long>("leadbot.leads.received", "{lead}", "New leads stored by intake (repeats of a known lead are not counted).");
        _qualified = _meter.CreateCounter<long>("leadbot.leads.qualified", "{lead}", "New leads that met the qualification rules.");
        _routed = _meter.CreateCounter<long>("leadbot.leads.routed", "{lead}", "Qualified leads offered to a team, by team and source.");
        _timeToClaim = _meter.CreateHistogram<double>("leadbot.lead.time_to_claim", "s", "From the offer to the accept, by team and source.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 30, 60, 120, 300, 600, 1800, 3600, 14400, 86400] });
        _sendsFailed = _meter.CreateCounter<long>("leadbot.sends.failed", "{message}", "Chat messages a platform refused or that failed in transit (not 429s), by platform.");
        _throttled = _meter.CreateCounter<long>("leadbot.sends.throttled", "{message}", "Chat messages a platform answered with 429 Too Many Requests, by platform.");
        _escalations = _meter.CreateCounter<long>("leadbot.sla.escalations", "{lead}", "Leads escalated to managers or the team channel for not being accepted in time, by team.");
        _outbox = new OutboxGauge(store, clock);
        // The outbox is one queue that every configured platform drains, so each platform's series shows the same figures.
        _meter.CreateObservableGauge("leadbot.outbox.depth", () => Per(delivery, _outbox.Read()?.Pending ?? 0), "{message}", "Messages waiting to be sent, by platform.");
        _meter.CreateObservableGauge("leadbot.outbox.oldest_age", () => Per(delivery, _outbox.OldestAge()), "s", "Age of the oldest message waiting to be sent, by platform.");
    }

    public void Received(Lead lead)
    {
        _received.Add(1, new KeyValuePair<string, object?>("source", lead.Source));
        if (lead.State == LeadState.Nurture) return;
        _qualified.Add(1, new KeyValuePair<string, object?>("source", lead.Source));
        if (lead.Team is { } team) _routed.Add(1, new KeyValuePair<string, object?>("team", team), new KeyValuePair<string, object?>("source", lead.Source));
    }

    public void Claimed(Lead lead)
    {
        if (lead.ClaimedAt is not { } claimed) return;
        var since = lead.OfferedAt ?? lead.ReceivedAt;
        _timeToClaim.Record(Math.Max(0, (claimed - since).TotalSeconds), new KeyValuePair<string, object?>("team", lead.Team), new KeyValuePair<string, object?>("source", lead.Source));
    }

    public void SendFailed(string platform, bool throttled) =>
        (throttled ? _throttled : _sendsFailed).Add(1, new KeyValuePair<string, object?>("platform", platform));

    public void Escalated(string? team) => _escalations.Add(1, new KeyValuePair<string, object?>("team", team));

    private static IEnumerable<Measurement<T>> Per<T>(DeliveryStatus delivery, T value) where T : struct =>
        (delivery.Platforms.Count == 0 ? ["none"] : delivery.Platforms).Select(p => new Measurement<T>(value, new KeyValuePair<string, object?>("platform", p)));

    public void Dispose() => _meter.Dispose();

    /// <summary>Outbox figures for the gauges, read at most every few seconds: an exporter may collect often, the store counts.</summary>
    private sealed class OutboxGauge(IOutboxStore store, TimeProvider clock)
    {
        private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);
        private (OutboxStats? Stats, DateTimeOffset At) _last;

        public OutboxStats? Read()
        {
            var now = clock.GetUtcNow();
            if (_last.Stats is not null && now - _last.At < Fresh) return _last.Stats;
            try { _last = (store.OutboxStats(), now); }
            catch (Exception e) when (e is not OutOfMemoryException) { return null; } // /healthz reports an unreachable store
            return _last.Stats;
        }

        public double OldestAge() => Read()?.OldestPending is { } oldest ? Math.Max(0, (clock.GetUtcNow() - oldest).TotalSeconds) : 0;
    }
}
