using System.Diagnostics;
using System.Net;
using LeadBot.Telemetry;
using LeadBot.Tests.Handoff.Delivery;
using LeadBot.Tests.Storage;
using LeadBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LeadBot.Tests.Telemetry;

/// <summary>
/// The bot's real OpenTelemetry pipeline, read back through the SDK's in-memory exporters. A meter provider listens to
/// every "LeadBot" meter in the process, including those of other tests' bots running in parallel, so each test sends
/// leads from a source of its own and reads only the points tagged with it.
/// </summary>
public sealed class TelemetryTests
{
    private sealed class Exported
    {
        public List<Activity> Spans { get; } = [];
        public List<Metric> Metrics { get; } = [];

        public void AddTo(IServiceCollection services)
        {
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans));
            services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(Metrics));
        }

        /// <summary>Pushes everything recorded so far to the exporters (metrics are cumulative: the latest export wins).</summary>
        public void Flush(IServiceProvider services)
        {
            services.GetRequiredService<TracerProvider>().ForceFlush();
            Metrics.Clear();
            services.GetRequiredService<MeterProvider>().ForceFlush();
        }

        public IEnumerable<(double Value, IReadOnlyDictionary<string, object?> Tags)> Points(string name)
        {
            foreach (var metric in Metrics.Where(m => m.Name == name))
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    var tags = new Dictionary<string, object?>();
                    foreach (var tag in point.Tags) tags[tag.Key] = tag.Value;
                    double value = metric.MetricType switch
                    {
                        MetricType.LongSum => point.GetSumLong(),
                        MetricType.LongGauge => point.GetGaugeLastValueLong(),
                        MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
                        MetricType.Histogram => point.GetHistogramSum(),
                        _ => point.GetSumDouble(),
                    };
                    yield return (value, tags);
                }
        }

        public double Sum(string name, string source) => Points(name).Where(p => Equals(p.Tags.GetValueOrDefault("source"), source)).Sum(p => p.Value);

        public double Sum(string name) => Points(name).Sum(p => p.Value);
    }

    [Fact]
    public async Task Intake_IsAServerSpan_AndCountsReceivedQualifiedAndRoutedLeads_WithTheOutboxDepth()
    {
        var exported = new Exported();
        using var app = new LeadBotApp(services: exported.AddTo);

        var source = "test-" + Guid.NewGuid().ToString("N");
        var leads = new[] { SampleLeads.Emea(), SampleLeads.NorthAmerica(), SampleLeads.Nurture() };
        foreach (var lead in leads) lead["source"] = source;

        var response = await app.Api().PostJsonAsync("/api/leads", leads);
        await app.Api().PostJsonAsync("/api/leads", leads[0]); // a repeat: not a new lead
        exported.Flush(app.Services);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var server = exported.Spans.Where(s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("url.path"), "/api/leads")).ToList();
        Assert.Contains(server, s => Equals(s.GetTagItem("http.response.status_code"), 201));
        Assert.Equal(4 - 1, exported.Sum("leadbot.leads.received", source));
        Assert.Equal(2, exported.Sum("leadbot.leads.qualified", source));
        var routed = exported.Points("leadbot.leads.routed").Where(p => Equals(p.Tags["source"], source)).ToDictionary(p => (string)p.Tags["team"]!, p => p.Value);
        Assert.Equal(new Dictionary<string, double> { ["EMEA"] = 1, ["North America"] = 1 }, routed);
        var pending = app.Store.OutboxStats().Pending;
        Assert.True(pending > 0);
        Assert.NotEmpty(exported.Points("leadbot.outbox.depth"));
        Assert.NotEmpty(exported.Points("leadbot.outbox.oldest_age"));
        // The exported gauge merges every bot in the process (other tests' bots report their own depth under the same
        // name and tags), so this bot's own reading is taken from its own meter.
        var depths = OwnGauge(app, "leadbot.outbox.depth");
        Assert.All(depths, depth => Assert.Equal(app.Store.OutboxStats().Pending, depth));
    }

    /// <summary>
    /// The gauge's values as this bot's own meter reports them. The gauge caches the store's figures for a few seconds of
    /// the bot's clock (another test's flush may have read it before the leads came), so the clock moves past that first.
    /// </summary>
    private static List<int> OwnGauge(LeadBotApp app, string name)
    {
        app.Clock.Advance(TimeSpan.FromSeconds(6));
        var factory = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var values = new List<int>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == name) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => values.Add(value));
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.NotEmpty(values);
        return values;
    }

    [Fact]
    public async Task TimeToClaim_IsRecordedPerTeam_InSeconds()
    {
        var exported = new Exported();
        using var app = new LeadBotApp(services: exported.AddTo);
        var api = app.Api();
        var source = "test-" + Guid.NewGuid().ToString("N");
        var lead = SampleLeads.Emea();
        lead["source"] = source;
        var id = (string)(await (await api.PostJsonAsync("/api/leads", lead)).BodyAsync())["id"]!;

        app.Clock.Advance(TimeSpan.FromSeconds(90));
        var accepted = await api.PostJsonAsync($"/api/leads/{id}/accept", new { rep = SampleLeads.EmeaRep });
        exported.Flush(app.Services);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var point = Assert.Single(exported.Points("leadbot.lead.time_to_claim"), p => Equals(p.Tags["source"], source));
        Assert.Equal(90, point.Value);
        Assert.Equal("EMEA", point.Tags["team"]);
    }

    [Fact]
    public async Task EachSend_IsASpanAroundItsHttpCall_And429sAndFailuresAreCountedApart()
    {
        var exported = new Exported();
        await using var kit = await DeliveryKit.StartAsync(services: exported.AddTo);
        // The first call is throttled, the second fails, the third goes through.
        kit.Server.Answer = n => n switch { 1 => (HttpStatusCode)429, 2 => HttpStatusCode.InternalServerError, _ => HttpStatusCode.OK };
        kit.Server.RetryAfterSeconds = 1;

        await kit.App.Api().PostJsonAsync("/api/leads", SampleLeads.Emea());
        await kit.Until(() => kit.Server.Posts.Count >= 1, tick: TimeSpan.FromSeconds(10));
        exported.Flush(kit.App.Services);

        // Other delivery tests in this process use the same fake platform: at least this test's one of each.
        Assert.True(exported.Sum("leadbot.sends.throttled") >= 1);
        Assert.True(exported.Sum("leadbot.sends.failed") >= 1);
        Assert.All(exported.Points("leadbot.sends.failed"), p => Assert.Equal("fake", p.Tags["platform"]));
        // The throttled and the failed send had ended (and were exported) before the retry that went through began.
        // The listener sees every test's spans in this process: this test's sends are those whose HTTP call went to its own fake.
        var calls = exported.Spans.Where(s => s.Kind == ActivityKind.Client && s.GetTagItem("server.port") is int port && port == kit.Server.BaseAddress.Port).ToList();
        var sends = exported.Spans.Where(s => s.Source.Name == LeadBotMetrics.Name && s.DisplayName == "outbox send"
            && calls.Any(c => c.ParentSpanId == s.SpanId && c.TraceId == s.TraceId)).ToList();
        Assert.Equal(2, sends.Count(s => s.Status == ActivityStatusCode.Error));
    }

    [Fact]
    public async Task PostgreSQL_CommandsAreTraced()
    {
        using var schema = TestPostgres.NewSchema();
        var exported = new Exported();
        using var app = new LeadBotApp(new() { ["Storage:Provider"] = "PostgreSQL", ["ConnectionStrings:LeadBot"] = schema.ConnectionString }, exported.AddTo);

        await app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea());
        exported.Flush(app.Services);

        Assert.Contains(exported.Spans, s => s.Source.Name == "Npgsql" && s.Kind == ActivityKind.Client);
    }
}
