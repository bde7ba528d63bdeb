using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LeadBot.Channels;
using LeadBot.Channels.Teams;
using LeadBot.Handoff.Delivery;
using LeadBot.Storage;
using LeadBot.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>
/// The real bot with Bot Framework authentication on, talking to a <see cref="FakeBotFramework"/>: helpers post
/// activities with valid (or deliberately broken) tokens and drive the outbox through <see cref="TeamsDelivery"/>.
/// </summary>
public sealed class TeamsTestApp : IAsyncDisposable
{
    public const string AppId = "11111111-2222-4333-8444-555555555555";
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string ChannelId = "19:emea-sales@thread.tacv2";
    public const string TeamId = "19:sales-team@thread.tacv2";
    public const string Secret = "test-secret";
    public static readonly string BotId = "28:" + AppId;

    private readonly LeadBotApp _root;
    private int _activityIds;

    public TeamsTestApp(Dictionary<string, string?>? settings = null, bool localMode = false)
    {
        Fake = new FakeBotFramework();
        var all = new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = localMode ? "" : AppId,
            ["MicrosoftAppPassword"] = localMode ? "" : Secret,
            ["BotOpenIdMetadata"] = Fake.ChannelMetadataUrl,
            ["ToBotFromEmulatorOpenIdMetadataUrl"] = Fake.EntraMetadataUrl,
            ["ToChannelFromBotLoginUrl"] = Fake.LoginUrl,
            ["Teams:TenantId"] = Tenant,
            // The fake Connector is not a Bot Framework host: the bot may send it a token only because it is listed.
            ["Teams:TrustedServiceUrls:0"] = Fake.BaseUrl,
            // The tests run in the Testing environment, where an empty app id would otherwise mean Teams is off.
            ["Teams:LocalMode"] = localMode ? "true" : "false",
            // Used only when a test also sets Dashboard:EntraId:ClientId.
            ["Dashboard:EntraId:Instance"] = Fake.BaseUrl + "/",
        };
        foreach (var (k, v) in settings ?? []) all[k] = v;
        // Entra holds the registration the test means to be true; a test that configures the bot differently
        // (a wrong secret or tenant) is refused as Entra would refuse it.
        var type = all.GetValueOrDefault("MicrosoftAppType") ?? TeamsOptions.AppTypes.MultiTenant;
        if (!localMode)
            Fake.Registration = new AppRegistration(AppId, Tenant,
                MultiTenant: string.Equals(type, TeamsOptions.AppTypes.MultiTenant, StringComparison.OrdinalIgnoreCase), Secret: Secret);
        _root = new LeadBotApp(all);
        var thumbprint = Fake.Certificate.Thumbprint;
        Factory = _root.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                // Trust the fake's self-signed certificate, and nothing else that the system would not.
                ServerCertificateCustomValidationCallback = (_, cert, _, errors) => errors == System.Net.Security.SslPolicyErrors.None || cert?.Thumbprint == thumbprint,
            }))));
        Client = Factory.CreateClient();
    }

    public FakeBotFramework Fake { get; }
    public WebApplicationFactory<Program> Factory { get; }
    public HttpClient Client { get; }
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => _root.Clock;
    public ILeadStore Store => Get<ILeadStore>();
    public T Get<T>() where T : notnull => Factory.Services.GetRequiredService<T>();
    public HttpClient Api()
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", LeadBotApp.ApiKey);
        return client;
    }

    public string NextId() => "f:" + Interlocked.Increment(ref _activityIds);

    /// <summary>POSTs an activity with a valid Connector token, or with <paramref name="token"/> as given (null: no header).</summary>
    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token = "valid")
    {
        // Teams knows the conversation a user's activity comes from, that activity, and the team's channel. (Not the
        // replyToId of a click: that must be a card the bot really posted.)
        if ((string?)activity["conversation"]?["id"] is { } conversation)
            Fake.AddConversation(conversation, [.. new[] { (string?)activity["id"] }.OfType<string>()]);
        if ((string?)activity["channelData"]?["channel"]?["id"] is { } channel) Fake.AddConversation(channel);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token == "valid") token = Fake.ChannelToken(AppId, activity["serviceUrl"]!.GetValue<string>(), Clock.GetUtcNow());
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request);
    }

    /// <summary>Sends every due outbox message through the Teams delivery, as the dispatcher would, and completes it.</summary>
    public async Task<IReadOnlyList<DeliveryResult>> DeliverOutboxAsync()
    {
        var store = Store;
        var delivery = Get<TeamsDelivery>();
        var results = new List<DeliveryResult>();
        foreach (var message in store.TakeDue(Clock.GetUtcNow(), 100, "test", TimeSpan.FromMinutes(5)))
        {
            results.Add(await delivery.DeliverAsync(message, CancellationToken.None));
            store.Complete(message.Id, "test", Clock.GetUtcNow());
        }
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await _root.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
