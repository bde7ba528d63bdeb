using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using LeadBot.Handoff.Delivery;
using LeadBot.Channels.Teams.Connector;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>
/// What the bot asks Entra for (client, secret, scope, tenant) and what happens when its configuration does not match its
/// app registration: the Connector call fails with Entra's reason, and nothing is posted. The fake refuses as Entra and
/// the Connector do, so a wrong setting cannot pass here and fail only in production.
/// </summary>
public sealed class ConnectorCredentialsTests
{
    private const string Conversation = "19:credentials@thread.tacv2";
    private const string OtherTenant = "0f1e2d3c-4b5a-4968-8776-655443322110";

    private static JsonObject Hello() => new() { ["type"] = "message", ["text"] = "hello" };

    private static async Task<string?> SendAsync(TeamsTestApp app) =>
        await app.Get<ConnectorClient>().SendAsync(app.Fake.ServiceUrl, Conversation, Hello(), CancellationToken.None);

    private static ConnectorCall TokenRequest(TeamsTestApp app) =>
        Assert.Single(app.Fake.Calls, c => c.Path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal));

    [Fact]
    public async Task MultiTenantBot_AsksTheBotFrameworkTenant_ForTheConnectorScope_WithItsClientId()
    {
        await using var app = new TeamsTestApp();
        app.Fake.AddConversation(Conversation);

        Assert.NotNull(await SendAsync(app));

        var token = TokenRequest(app);
        Assert.Equal("/botframework.com/oauth2/v2.0/token", token.Path);
        Assert.Equal(TeamsTestApp.AppId, (string?)token.Body!["client_id"]);
        Assert.Equal(FakeBotFramework.BotFrameworkScope, (string?)token.Body["scope"]);
        Assert.Equal("client_credentials", (string?)token.Body["grant_type"]);
        Assert.Equal("Bearer connector-token-1", Assert.Single(app.Fake.ConnectorCalls).Authorization);
    }

    [Fact]
    public async Task SingleTenantBot_AsksItsOwnTenant()
    {
        await using var app = new TeamsTestApp(new() { ["MicrosoftAppType"] = "SingleTenant", ["MicrosoftAppTenantId"] = TeamsTestApp.Tenant });
        app.Fake.AddConversation(Conversation);

        Assert.NotNull(await SendAsync(app));

        Assert.Equal($"/{TeamsTestApp.Tenant}/oauth2/v2.0/token", TokenRequest(app).Path);
    }

    [Theory]
    [InlineData("wrong secret", "invalid_client")]
    [InlineData("single-tenant bot, wrong tenant", "unauthorized_client")]
    [InlineData("single-tenant app configured as multi-tenant", "unauthorized_client")]
    [InlineData("wrong client id", "unauthorized_client")]
    [InlineData("wrong scope", "invalid_scope")]
    public async Task AConfigurationEntraRefuses_FailsTheConnectorCall_WithEntrasReason_AndPostsNothing(string mistake, string entraError)
    {
        var settings = mistake switch
        {
            "wrong secret" => new Dictionary<string, string?> { ["MicrosoftAppPassword"] = "a-secret-from-another-app" },
            "single-tenant bot, wrong tenant" => new() { ["MicrosoftAppType"] = "SingleTenant", ["MicrosoftAppTenantId"] = OtherTenant },
            "wrong client id" => new() { ["MicrosoftAppId"] = "99999999-2222-4333-8444-555555555555" },
            "wrong scope" => new() { ["ToChannelFromBotOAuthScope"] = "https://graph.microsoft.com" },
            _ => new(),
        };
        await using var app = new TeamsTestApp(settings);
        app.Fake.AddConversation(Conversation);
        if (mistake == "single-tenant app configured as multi-tenant")
            app.Fake.Registration = app.Fake.Registration! with { MultiTenant = false };

        var e = await Assert.ThrowsAsync<DeliveryException>(() => SendAsync(app));

        Assert.Contains(entraError, e.Message, StringComparison.Ordinal);
        Assert.Contains("Bot Connector token", e.Message, StringComparison.Ordinal);
        Assert.Empty(app.Fake.ConnectorCalls);
        Assert.Equal(0, app.Fake.TokenRequests);
    }

    [Fact]
    public async Task Connector_RefusesATokenItDidNotIssue()
    {
        await using var app = new TeamsTestApp();
        app.Fake.AddConversation(Conversation);
        Assert.NotNull(await SendAsync(app)); // a real token exists, but this call does not carry it
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == app.Fake.Certificate.Thumbprint });

        foreach (var authorization in new AuthenticationHeaderValue?[] { null, new("Bearer", "connector-token-999"), new("Bearer", "") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{app.Fake.ServiceUrl}v3/conversations/{Conversation}/activities")
            {
                Content = JsonContent(Hello()),
            };
            request.Headers.Authorization = authorization;
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task UnknownConversation_AndUnknownActivity_Answer404_WhichIsPermanent()
    {
        await using var app = new TeamsTestApp();
        var client = app.Get<ConnectorClient>();

        var noConversation = await Assert.ThrowsAsync<DeliveryException>(() =>
            client.SendAsync(app.Fake.ServiceUrl, "19:never-seen@thread.tacv2", Hello(), CancellationToken.None));
        Assert.True(noConversation.Permanent);
        Assert.Contains("404 ConversationNotFound", noConversation.Message, StringComparison.Ordinal);

        app.Fake.AddConversation(Conversation);
        var posted = await client.SendAsync(app.Fake.ServiceUrl, Conversation, Hello(), CancellationToken.None);
        Assert.True(app.Fake.HasActivity(Conversation, posted!));
        var noActivity = await Assert.ThrowsAsync<DeliveryException>(() =>
            client.UpdateAsync(app.Fake.ServiceUrl, Conversation, "1:never-posted", Hello(), CancellationToken.None));
        Assert.True(noActivity.Permanent);
        Assert.Contains("404 ActivityNotFoundInConversation", noActivity.Message, StringComparison.Ordinal);
    }

    private static StringContent JsonContent(JsonObject body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
