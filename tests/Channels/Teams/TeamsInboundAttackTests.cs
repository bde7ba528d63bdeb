using System.Net;
using Microsoft.AspNetCore.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LeadBot.Channels;
using LeadBot.Tests.Support;
using Microsoft.AspNetCore.TestHost;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>
/// Attacks on /api/messages that a valid Bot Framework token alone does not stop, or that must be stopped before the
/// token is even looked at: each is refused and nothing is stored or sent.
/// </summary>
public sealed class TeamsInboundAttackTests
{
    private static readonly JsonObject Marta = Activities.User("aad-marta", "Marta Novak");

    [Fact]
    public async Task WithNoAppId_OutsideDevelopment_TeamsIsOff_AndAnswers404()
    {
        using var app = new LeadBotApp(new() { ["MicrosoftAppId"] = "", ["Teams:LocalMode"] = "false" });
        app.UseKestrel(0);
        app.StartServer();
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/messages", new StringContent("""{"type":"message","text":"subscribe EMEA"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(app.Get<Subscriptions>().All());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task ACrossSiteFormPost_InLocalMode_IsRefused(string contentType)
    {
        await using var app = TeamsAuthTests.NewApp(localMode: true);
        var activity = Activities.ChannelMention(app, Marta, "subscribe EMEA");

        var context = await LocalPostAsync(app, activity.ToJsonString(), contentType);

        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, context.Response.StatusCode);
        Assert.Empty(app.Get<Subscriptions>().All());
    }

    [Fact]
    public async Task APlainLocalPost_InLocalMode_StillWorks()
    {
        await using var app = TeamsAuthTests.NewApp(localMode: true);

        var context = await LocalPostAsync(app, Activities.ChannelMention(app, Marta, "subscribe EMEA").ToJsonString(), "application/json; charset=utf-8");

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Single(app.Get<Subscriptions>().All());
    }

    [Fact]
    public async Task A400KbActivity_Gets413_AndChangesNothing()
    {
        await using var app = new TeamsTestApp();
        app.Fake.Directory["aad-marta"] = SampleLeads.EmeaManager;
        var activity = Activities.ChannelMention(app, Marta, "subscribe EMEA " + new string('x', 400 * 1024));

        var response = await app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(app.Get<Subscriptions>().All());
        Assert.Empty(app.Fake.ConnectorCalls);
    }

    [Fact]
    public async Task A400KbActivity_WithoutAToken_IsRefusedForTheToken_BeforeItsBodyIsRead()
    {
        await using var app = new TeamsTestApp();
        app.Fake.Directory["aad-marta"] = SampleLeads.EmeaManager;
        var activity = Activities.ChannelMention(app, Marta, "subscribe EMEA " + new string('x', 400 * 1024));

        var response = await app.PostAsync(activity, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("slack")]
    [InlineData("emulator")]
    [InlineData("webchat")]
    public async Task AnotherChannel_WithAValidToken_IsRefused(string channelId)
    {
        await using var app = new TeamsTestApp();
        app.Fake.Directory["aad-marta"] = SampleLeads.EmeaManager;
        var activity = Activities.ChannelMention(app, Marta, "subscribe EMEA");
        activity["channelId"] = channelId;

        var response = await app.PostAsync(activity);

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, response.StatusCode.ToString());
        Assert.Empty(app.Get<Subscriptions>().All());
        Assert.Empty(app.Fake.ConnectorCalls);
    }

    [Fact]
    public async Task ASingleTenantBot_RefusesOtherTenants_WithoutAllowedTenantsSet()
    {
        await using var app = new TeamsTestApp(new() { ["MicrosoftAppType"] = "SingleTenant", ["MicrosoftAppTenantId"] = "00000000-0000-4000-8000-00000000aaaa" });
        var activity = Activities.ChannelMention(app, Marta, "subscribe EMEA");

        var response = await app.PostAsync(activity);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(app.Get<Subscriptions>().All());
        Assert.Empty(app.Fake.ConnectorCalls);
    }

    [Fact]
    public async Task TheBotsToken_IsNeverSentToAnUntrustedServiceUrl()
    {
        await using var app = new TeamsTestApp();
        app.Fake.Directory["aad-marta"] = SampleLeads.EmeaManager;
        await using var elsewhere = new FakeBotFramework();
        // A genuine token for another serviceUrl: the activity authenticates, but its serviceUrl is not a Connector host.
        var activity = Activities.ChannelMention(app, Marta, "subscribe EMEA");
        activity["serviceUrl"] = elsewhere.ServiceUrl;

        await app.PostAsync(activity);
        await app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea());
        try { await app.DeliverOutboxAsync(); }
        catch (LeadBot.Handoff.Delivery.DeliveryException e) { Assert.Contains("not a trusted Bot Framework service URL", e.Message, StringComparison.Ordinal); }

        // Not the member lookup, not the reply, not an announcement: nothing reached it, with or without the token.
        Assert.Empty(elsewhere.Calls);
    }

    private static Task<HttpContext> LocalPostAsync(TeamsTestApp app, string body, string contentType) =>
        app.Factory.Server.SendAsync(http =>
        {
            http.Connection.RemoteIpAddress = IPAddress.Loopback;
            http.Request.Method = "POST";
            http.Request.Path = "/api/messages";
            http.Request.Host = new HostString("localhost", 3978);
            http.Request.ContentType = contentType;
            http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        });
}
