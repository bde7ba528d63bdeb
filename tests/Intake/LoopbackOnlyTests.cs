using System.Net;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Intake;

/// <summary>With no API key configured, intake answers callers on this machine only: a real socket is needed to see the caller's address.</summary>
public sealed class LoopbackOnlyTests
{
    [Fact]
    public async Task WithoutConfiguredKeys_LoopbackCallerIsAccepted()
    {
        using var app = new LeadBotApp(new() { ["Intake:ApiKeys:0"] = "" });
        app.UseKestrel(0);
        app.StartServer();
        using var client = app.CreateClient();

        var response = await client.PostJsonAsync("/api/leads", SampleLeads.Emea());

        Assert.Equal("127.0.0.1", client.BaseAddress!.Host == "localhost" ? "127.0.0.1" : client.BaseAddress.Host);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task WithoutConfiguredKeys_InProcessCallerWithNoAddressIsRefused()
    {
        // The test server reports no remote address: exactly the "not provably local" case that must be refused.
        using var app = new LeadBotApp(new() { ["Intake:ApiKeys:0"] = "" });

        var response = await app.CreateClient().PostJsonAsync("/api/leads", SampleLeads.Emea());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Intake:ApiKeys", (string?)(await response.BodyAsync())["detail"]);
    }
}
