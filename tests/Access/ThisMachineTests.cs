using System.Net;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Access;

/// <summary>
/// With no API key configured, "this machine" is the only way in. Attacks that arrive on the loopback socket all the
/// same (a reverse proxy, a dev tunnel, a DNS-rebinding page in the developer's browser) are refused, through a real
/// Kestrel socket so the caller's address is real.
/// </summary>
public sealed class ThisMachineTests : IDisposable
{
    private readonly LeadBotApp _app;
    private readonly HttpClient _client;

    public ThisMachineTests()
    {
        _app = new LeadBotApp(new() { ["Intake:ApiKeys:0"] = "" });
        _app.UseKestrel(0);
        _app.StartServer();
        _client = _app.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _app.Dispose();
    }

    public static TheoryData<string, string> Surfaces => new()
    {
        { "POST", "/api/leads" },
        { "GET", "/api/leads/L-nope" },
        { "POST", "/api/leads/L-nope/accept" },
        { "GET", "/api/outbox/failed" },
        { "GET", "/api/reports/leads.csv" },
        { "GET", "/" },
    };

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task PlainLocalRequest_IsLetIn(string method, string path)
    {
        var response = await _client.SendAsync(Request(method, path));

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task ProxiedRequest_IsRefused(string method, string path)
    {
        var request = Request(method, path);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        var response = await _client.SendAsync(request);

        AssertRefused(response, path);
    }

    [Theory]
    [InlineData("Forwarded", "for=203.0.113.7;proto=https")]
    [InlineData("X-Forwarded-Host", "leadbot.contoso.com")]
    [InlineData("X-Forwarded-For", "127.0.0.1")]
    public async Task AnyForwardingHeader_MakesARequestNotLocal(string header, string value)
    {
        var request = Request("POST", "/api/leads");
        request.Headers.Add(header, value);

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(header, (string?)(await response.BodyAsync())["detail"], StringComparison.Ordinal);
        Assert.Null(_app.Store.FindByKey("hubspot", "emea-1"));
    }

    [Theory]
    [MemberData(nameof(Surfaces))]
    public async Task ReboundHost_IsRefused(string method, string path)
    {
        // DNS rebinding: attacker.example resolves to 127.0.0.1, and the browser sends its own Host header.
        var request = Request(method, path);
        request.Headers.Host = "attacker.example:" + _client.BaseAddress!.Port;

        var response = await _client.SendAsync(request);

        AssertRefused(response, path);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task LocalHostNames_WithAnyPort_AreLocal(string host)
    {
        var request = Request("POST", "/api/leads");
        request.Headers.Host = host + ":4242";

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" ? JsonContent(path.EndsWith("/accept", StringComparison.Ordinal) ? """{"rep":"anna.schmidt@contoso.com"}""" : System.Text.Json.JsonSerializer.Serialize(SampleLeads.Emea())) : null,
    };

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static void AssertRefused(HttpResponseMessage response, string path)
    {
        // The dashboard answers with its own page; every API with problem+json.
        if (path == "/") Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        else
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }
}
