using System.Net;
using LeadBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace LeadBot.Tests.Access;

/// <summary>Behind a configured reverse proxy the bot believes that proxy's forwarded headers, and nobody else's.</summary>
public sealed class ProxyTests
{
    [Fact]
    public async Task ThroughAKnownProxy_EvenAForwardedLoopbackClient_IsNotThisMachine()
    {
        using var app = new LeadBotApp(new() { ["Intake:ApiKeys:0"] = "", ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1", ["ForwardedHeaders:KnownProxies:1"] = "::1" });
        app.UseKestrel(0);
        app.StartServer();
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/leads") { Content = Lead() };
        // The proxy writes what its client said; a client on the proxy's machine still came through the proxy.
        request.Headers.Add("X-Forwarded-For", "127.0.0.1");
        request.Headers.Add("X-Forwarded-Proto", "https");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(app.Store.FindByKey("hubspot", "emea-1"));
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "proxy.internal", "'proxy.internal', which is not an IP address")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "'10.0.0.0/33', which is not a network in CIDR notation")]
    public void AMistypedProxy_StopsTheStart_NamingIt(string key, string value, string message)
    {
        using var app = new LeadBotApp(new() { [key] = value });
        var error = app.FailsToStart<OptionsValidationException>();
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static StringContent Lead() => new(System.Text.Json.JsonSerializer.Serialize(SampleLeads.Emea()), System.Text.Encoding.UTF8, "application/json");
}
