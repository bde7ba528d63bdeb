using System.Text.Json.Nodes;
using LeadBot.Channels.Teams.Connector;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>
/// MicrosoftAppType=UserAssignedMSI: the Connector token comes from the managed identity endpoint of the host (here
/// the App Service form, found by MSAL through IDENTITY_ENDPOINT and IDENTITY_HEADER), for the bot's client id, with no
/// secret anywhere. Those variables are process-wide, so this class runs alone.
/// </summary>
[Collection(BotProcess.Collection)]
public sealed class ManagedIdentityTokenTests : IAsyncLifetime
{
    private readonly TeamsTestApp _app;
    private readonly string? _endpointBefore = Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT");
    private readonly string? _headerBefore = Environment.GetEnvironmentVariable("IDENTITY_HEADER");

    public ManagedIdentityTokenTests()
    {
        _app = new TeamsTestApp(new()
        {
            ["MicrosoftAppType"] = "UserAssignedMSI",
            ["MicrosoftAppPassword"] = "",
            ["MicrosoftAppTenantId"] = TeamsTestApp.Tenant,
        });
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", _app.Fake.ManagedIdentityEndpoint);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", FakeBotFramework.IdentityHeader);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", _endpointBefore);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", _headerBefore);
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ConnectorCalls_CarryTheManagedIdentityToken_ForTheBotsClientId_AskedForOnce()
    {
        var client = _app.Get<ConnectorClient>();
        const string conversation = "19:msi@thread.tacv2";
        _app.Fake.AddConversation(conversation);

        for (var i = 0; i < 3; i++)
            await client.SendAsync(_app.Fake.ServiceUrl, conversation, new JsonObject { ["type"] = "message", ["text"] = "hello" }, CancellationToken.None);

        var tokenCall = Assert.Single(_app.Fake.Calls, c => c.Path.StartsWith("/msi/token", StringComparison.Ordinal));
        Assert.Equal(FakeBotFramework.IdentityHeader, tokenCall.Authorization);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("https://host" + tokenCall.Path).Query);
        Assert.Equal(TeamsTestApp.AppId, query["client_id"]);
        Assert.Equal("https://api.botframework.com", query["resource"]);
        Assert.DoesNotContain(_app.Fake.Calls, c => c.Path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal));
        var sends = _app.Fake.ConnectorCalls.Where(c => c.Path.EndsWith(conversation + "/activities", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, sends.Count);
        Assert.All(sends, s => Assert.Equal("Bearer msi-token-1", s.Authorization));
    }
}
