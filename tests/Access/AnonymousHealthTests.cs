using System.Net;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Access;

/// <summary>/healthz tells a stranger how the bot is, never who works with it or what failed.</summary>
public sealed class AnonymousHealthTests
{
    [Fact]
    public async Task AStranger_GetsTheStatusAlone_NoPerson()
    {
        using var app = new LeadBotApp();

        var response = await app.CreateClient().GetAsync("/healthz");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains((string?)(await response.BodyAsync())["status"], new[] { "healthy", "degraded" });
        Assert.Equal(["status"], (await response.BodyAsync()).AsObject().Select(p => p.Key));
        Assert.DoesNotContain("@contoso.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Anna", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyWithoutTheAdminScope_GetsTheStatusAlone()
    {
        using var app = new LeadBotApp(new() { ["Intake:ApiKeys:0"] = null, ["Intake:ApiKeys:0:Key"] = "intake-only", ["Intake:ApiKeys:0:Scopes:0"] = "intake" });
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "intake-only");

        var body = await (await client.GetAsync("/healthz")).BodyAsync();

        Assert.Null(body["warnings"]);
    }

    [Fact]
    public async Task AnAdminKey_GetsTheDetails()
    {
        using var app = new LeadBotApp();

        var text = await (await app.Api().GetAsync("/healthz")).Content.ReadAsStringAsync();

        Assert.Contains("anna.schmidt@contoso.com", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThisMachine_GetsTheDetails_ButNotThroughAProxy()
    {
        using var app = new LeadBotApp();
        app.UseKestrel(0);
        app.StartServer();
        using var client = app.CreateClient();
        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.7");

        var local = await (await client.GetAsync("/healthz")).Content.ReadAsStringAsync();
        var viaProxy = await (await client.SendAsync(proxied)).Content.ReadAsStringAsync();

        Assert.Contains("anna.schmidt@contoso.com", local, StringComparison.Ordinal);
        Assert.DoesNotContain("@contoso.com", viaProxy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStranger_LearnsTheStoreIsDown_NotWhy()
    {
        using var app = new LeadBotApp();
        var client = app.CreateClient();
        LeadBot.Tests.Health.HealthTests.BreakStore(app);

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("""{"status":"unhealthy"}""", await response.Content.ReadAsStringAsync());
    }
}
