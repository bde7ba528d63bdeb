using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LeadBot.Channels;
using Microsoft.AspNetCore.TestHost;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>Every way a forged or misdirected activity could arrive: each is refused with 401 and changes nothing.</summary>
public sealed class TeamsAuthTests : IAsyncLifetime
{
    private readonly TeamsTestApp _app = NewApp();
    private static readonly JsonObject Marta = Activities.User("aad-marta", "Marta Novak");

    /// <summary>The EMEA manager, who may subscribe a channel to EMEA, as the Connector's member lookup names her.</summary>
    internal static TeamsTestApp NewApp(Dictionary<string, string?>? settings = null, bool localMode = false)
    {
        // Local mode sends no token, so the Connector will not name anyone: the roster knows her by object id instead.
        if (localMode) settings = new(settings ?? []) { ["Routing:Teams:1:Managers:0:TeamsAadObjectId"] = "aad-marta" };
        var app = new TeamsTestApp(settings, localMode);
        app.Fake.Directory["aad-marta"] = LeadBot.Tests.Support.SampleLeads.EmeaManager;
        return app;
    }

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private JsonObject Subscribe() => Activities.ChannelMention(_app, Marta, "subscribe EMEA");
    private DateTimeOffset Now => _app.Clock.GetUtcNow();
    private string ServiceUrl => _app.Fake.ServiceUrl;

    private async Task AssertRefusedAsync(string? token, JsonObject? activity = null)
    {
        var response = await _app.PostAsync(activity ?? Subscribe(), token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_app.Get<Subscriptions>().All());
        Assert.Empty(_app.Fake.ConnectorCalls);
    }

    [Fact]
    public Task MissingHeader_IsRefused() => AssertRefusedAsync(null);

    [Fact]
    public Task NotAJwt_IsRefused() => AssertRefusedAsync("not-a-token");

    [Fact]
    public Task BadSignature_IsRefused() =>
        AssertRefusedAsync(_app.Fake.ChannelToken(TeamsTestApp.AppId, ServiceUrl, Now, key: _app.Fake.ChannelKeys[0].Impostor()));

    [Fact]
    public Task WrongIssuer_IsRefused() =>
        AssertRefusedAsync(_app.Fake.ChannelToken(TeamsTestApp.AppId, ServiceUrl, Now, issuer: "https://api.botframework.example"));

    [Fact]
    public Task WrongAudience_IsRefused() =>
        AssertRefusedAsync(_app.Fake.ChannelToken("99999999-2222-4333-8444-555555555555", ServiceUrl, Now));

    [Fact]
    public Task Expired_BeyondFiveMinutesSkew_IsRefused() =>
        AssertRefusedAsync(_app.Fake.ChannelToken(TeamsTestApp.AppId, ServiceUrl, Now.AddHours(-1).AddMinutes(-6), lifetime: TimeSpan.FromHours(1)));

    [Fact]
    public async Task Expired_WithinFiveMinutesSkew_IsAccepted()
    {
        var token = _app.Fake.ChannelToken(TeamsTestApp.AppId, ServiceUrl, Now.AddHours(-1).AddMinutes(-4), lifetime: TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(Subscribe(), token)).StatusCode);
        Assert.Single(_app.Get<Subscriptions>().All());
    }

    [Fact]
    public Task ServiceUrlMismatch_IsRefused() =>
        AssertRefusedAsync(_app.Fake.ChannelToken(TeamsTestApp.AppId, "https://smba.trafficmanager.net/emea/", Now));

    [Fact]
    public Task MissingServiceUrlClaim_IsRefused() =>
        AssertRefusedAsync(_app.Fake.ChannelToken(TeamsTestApp.AppId, ServiceUrl, Now, withServiceUrl: false));

    [Fact]
    public Task KeyNotEndorsedForTheChannel_IsRefused()
    {
        var webchatOnly = new TestKey("webchat-key", ["webchat"]);
        _app.Fake.ChannelKeys.Add(webchatOnly);
        return AssertRefusedAsync(_app.Fake.ChannelToken(TeamsTestApp.AppId, ServiceUrl, Now, key: webchatOnly));
    }

    [Fact]
    public async Task UnknownKeyId_IsRefused_AfterOneRefresh()
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(Activities.Personal(_app, Marta, "help"))).StatusCode); // primes the key cache
        var fetches = _app.Fake.JwksFetches;
        var calls = _app.Fake.ConnectorCalls.Count;
        var response = await _app.PostAsync(Subscribe(), _app.Fake.ChannelToken(TeamsTestApp.AppId, ServiceUrl, Now, key: new TestKey("never-published", ["msteams"])));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(fetches + 1, _app.Fake.JwksFetches);
        Assert.Empty(_app.Get<Subscriptions>().All());
        Assert.Equal(calls, _app.Fake.ConnectorCalls.Count);
    }

    [Fact]
    public async Task RotatedKey_IsPickedUp_OnItsFirstUse()
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(Activities.Personal(_app, Marta, "help"))).StatusCode);
        var rotated = new TestKey("channel-key-2", ["msteams"]);
        _app.Fake.ChannelKeys.Clear();
        _app.Fake.ChannelKeys.Add(rotated);
        var response = await _app.PostAsync(Subscribe(), _app.Fake.ChannelToken(TeamsTestApp.AppId, ServiceUrl, Now, key: rotated));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_app.Get<Subscriptions>().All());
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task EmulatorToken_ForThisApp_IsAccepted(string version)
    {
        var response = await _app.PostAsync(Subscribe(), _app.Fake.EntraToken(TeamsTestApp.AppId, Now, version));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_app.Get<Subscriptions>().All());
    }

    [Fact]
    public Task EmulatorToken_ForAnotherApp_IsRefused() =>
        AssertRefusedAsync(_app.Fake.EntraToken("99999999-2222-4333-8444-555555555555", Now, audience: TeamsTestApp.AppId));

    [Fact]
    public async Task MalformedBody_Is400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent("{not json", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _app.Fake.ChannelToken(TeamsTestApp.AppId, ServiceUrl, Now));
        var response = await _app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

public sealed class TeamsTenantAndLocalModeTests
{
    private static readonly JsonObject Marta = Activities.User("aad-marta", "Marta Novak");

    [Fact]
    public async Task OtherTenant_IsRefused_WhenAllowedTenantsIsSet()
    {
        await using var app = TeamsAuthTests.NewApp(new() { ["Teams:AllowedTenants:0"] = "00000000-0000-4000-8000-00000000aaaa" });
        var response = await app.PostAsync(Activities.ChannelMention(app, Marta, "subscribe EMEA"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(app.Get<Subscriptions>().All());
    }

    [Theory]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("::1", HttpStatusCode.OK)]
    [InlineData("203.0.113.7", HttpStatusCode.Unauthorized)]
    public async Task LocalMode_AcceptsUnsignedActivities_OnlyFromLoopback(string remote, HttpStatusCode expected)
    {
        await using var app = TeamsAuthTests.NewApp(localMode: true);
        var activity = Activities.ChannelMention(app, Marta, "subscribe EMEA");
        var context = await app.Factory.Server.SendAsync(http =>
        {
            http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
            http.Request.Method = "POST";
            http.Request.Path = "/api/messages";
            http.Request.ContentType = "application/json";
            http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(activity.ToJsonString()));
        });
        Assert.Equal((int)expected, context.Response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, app.Get<Subscriptions>().All().Count);
        // Local mode sends no token to the Connector (the Playground has none to check).
        if (expected == HttpStatusCode.OK) Assert.All(app.Fake.ConnectorCalls, c => Assert.Equal("", c.Authorization));
    }

    [Fact]
    public async Task LocalMode_RefusesASignedActivity_ItCannotCheck()
    {
        await using var app = TeamsAuthTests.NewApp(localMode: true);
        var response = await app.PostAsync(Activities.Personal(app, Marta, "help"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
