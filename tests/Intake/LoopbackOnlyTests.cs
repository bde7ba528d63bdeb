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

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1", null, HttpStatusCode.Created)]
    [InlineData("::1", null, HttpStatusCode.Created)]
    [InlineData("203.0.113.7", null, HttpStatusCode.Unauthorized)]
    [InlineData("127.0.0.1", "203.0.113.7", HttpStatusCode.Unauthorized)] // a local proxy forwarding someone else
    public async Task WithoutConfiguredKeys_OnlyACallerOnThisMachineIsAccepted(string remote, string? forwardedFor, HttpStatusCode expected)
    {
        using var app = new LeadBotApp(new() { ["Intake:ApiKeys:0"] = "" });
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(SampleLeads.Emea());

        var context = await app.Server.SendAsync(http =>
        {
            http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
            http.Request.Method = "POST";
            http.Request.Path = "/api/leads";
            http.Request.ContentType = "application/json";
            if (forwardedFor is not null) http.Request.Headers["X-Forwarded-For"] = forwardedFor;
            http.Request.Body = new MemoryStream(body);
        });

        Assert.Equal((int)expected, context.Response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.Created ? 1 : 0, app.Store.FindLeads(new LeadBot.Storage.LeadQuery { Limit = 10 }).Count);
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
