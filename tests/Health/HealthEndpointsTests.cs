using System.Net;
using LeadBot.Handoff.Delivery;
using LeadBot.Health;
using LeadBot.Tests.Support;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LeadBot.Tests.Health;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Live_AnswersWhileTheStoreIsGone_ReadyDoesNot()
    {
        using var app = new LeadBotApp();
        var api = app.Api();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/healthz/ready")).StatusCode);
        HealthTests.BreakStore(app);

        var live = await api.GetAsync("/healthz/live");
        var ready = await api.GetAsync("/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("healthy", (string?)(await live.BodyAsync())["status"]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.BodyAsync();
        Assert.Equal("unhealthy", (string?)body["status"]);
        Assert.Equal("unhealthy", (string?)body["checks"]!["store"]!["status"]);
        Assert.StartsWith("The store is not reachable", (string?)body["checks"]!["store"]!["description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_ChecksTheStoreTheMigrationsAndTheOutbox_NotTheRosters()
    {
        using var app = new LeadBotApp(exampleTeams: false); // degraded as a whole, but ready to take traffic

        var body = await (await app.Api().GetAsync("/healthz/ready")).BodyAsync();

        Assert.Equal("healthy", (string?)body["status"]);
        Assert.Equal(["store", "migrations", "outbox"], body["checks"]!.AsObject().Select(c => c.Key));
        Assert.Equal($"schema version {app.Store.SchemaVersion}", (string?)body["checks"]!["migrations"]!["description"]);
    }

    [Fact]
    public async Task AnAnonymousCaller_GetsTheStatusWordOnly_NoPeopleNoMessagesNoStore()
    {
        using var app = new LeadBotApp(exampleTeams: false);
        var anonymous = app.CreateClient(); // a key is configured and this caller sends none

        foreach (var path in new[] { "/healthz", "/healthz/ready", "/healthz/live" })
        {
            var text = await (await anonymous.GetAsync(path)).Content.ReadAsStringAsync();
            var body = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
            Assert.Equal(["status"], body.Select(p => p.Key));
        }
        Assert.Equal("degraded", (string?)(await (await anonymous.GetAsync("/healthz")).BodyAsync())["status"]);
    }

    [Fact]
    public async Task AnAnonymousCaller_NeverSeesARepsNameOrEmail()
    {
        using var app = new LeadBotApp();

        var text = await (await app.CreateClient().GetAsync("/healthz")).Content.ReadAsStringAsync();
        var detailed = await (await app.Api().GetAsync("/healthz")).Content.ReadAsStringAsync();

        Assert.Equal("""{"status":"healthy"}""", text);
        Assert.Contains("anna.schmidt@contoso.com", detailed, StringComparison.Ordinal); // the key holder does
    }

    [Fact]
    public async Task TheOutbox_IsStuck_WhenMessagesWaitAndTheDispatcherHasNotRunForAMinute()
    {
        using var app = new LeadBotApp();
        await app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea());
        var status = new DeliveryStatus([new NamedPlatform()]);
        var check = new OutboxCheck(app.Store, status, DispatcherOn(), app.Clock); // LeadBotApp turns it off; this check is about one that runs

        var neverRan = await check.CheckHealthAsync(new HealthCheckContext());
        status.Pass(app.Clock.GetUtcNow());
        var justRan = await check.CheckHealthAsync(new HealthCheckContext());
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var behind = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, neverRan.Status);
        Assert.Equal(HealthStatus.Healthy, justRan.Status);
        Assert.Equal(HealthStatus.Unhealthy, behind.Status);
        Assert.Contains("has not run since", behind.Description, StringComparison.Ordinal);
    }

    private static IOptionsMonitor<DeliveryOptions> DispatcherOn() =>
        new OptionsMonitor<DeliveryOptions>(new OptionsFactory<DeliveryOptions>([new ConfigureOptions<DeliveryOptions>(o => o.Enabled = true)], []), [], new OptionsCache<DeliveryOptions>());

    /// <summary>A platform that is wired but never asked to send: the check only needs to know one exists.</summary>
    private sealed class NamedPlatform : IChannelDelivery
    {
        public string Platform => "test";
        public Task<DeliveryResult> DeliverAsync(LeadBot.Storage.OutboxMessage message, CancellationToken ct) => throw new InvalidOperationException("not sent in this test");
    }
}
