using System.Net;
using LeadBot.Channels.Teams.Auth;
using LeadBot.Channels.Teams.Connector;
using LeadBot.Commands;
using LeadBot.Handoff.Delivery;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Polly;

namespace LeadBot.Channels.Teams;

public static class TeamsSetup
{
    public const string ConnectorClientName = "teams-connector", OpenIdClientName = "teams-openid";

    /// <summary>The Teams channel: inbound activities, the Connector client and the outbox delivery, with its options validated on start.</summary>
    public static IHostApplicationBuilder AddTeams(this IHostApplicationBuilder builder)
    {
        // RequestRefresh must make the very next GetConfigurationAsync fetch new keys (the default refreshes in the background,
        // so the request that met an unknown key id would still be refused).
        AppContext.SetSwitch("Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking", true);

        var services = builder.Services;
        services.AddOptions<TeamsOptions>().Bind(builder.Configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        services.AddOptions<TeamsChannelOptions>().BindConfiguration(TeamsOptions.Section)
            .Validate(o => o.TrustedServiceUrls.All(u => Uri.TryCreate(u, UriKind.Absolute, out var url) ? url.Scheme == Uri.UriSchemeHttps : Uri.CheckHostName(u) == UriHostNameType.Dns),
                "Teams:TrustedServiceUrls entries must be https URLs (e.g. https://smba.teams.sovcloud-core.fr/) or host names: the bot's token is never sent over plain http.")
            .ValidateOnStart();

        services.AddHttpClient(OpenIdClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHttpClient(MsalHttpClientFactory.Name);
        services.AddSingleton<IMsalHttpClientFactory, MsalHttpClientFactory>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TeamsOptions>>().Value;
            return new BotKeySources(o.BotOpenIdMetadata, o.ToBotFromEmulatorOpenIdMetadataUrl, sp.GetRequiredService<IHttpClientFactory>().CreateClient(OpenIdClientName));
        });
        services.AddSingleton<BotAuthenticator>();
        services.AddSingleton<TeamsMode>();
        services.AddSingleton<ServiceUrlTrust>();
        services.AddSingleton<ConnectorTokens>();
        services.AddSingleton<Pacer>();
        services.AddSingleton<TeamsConversations>();
        services.AddSingleton<RecentInvokes>();
        services.AddSingleton<TeamsChats>();
        services.TryAddSingleton<UnreachableNotices>();
        services.AddSingleton<IKnownPeople, TeamsKnownPeople>();
        services.AddHttpClient<ConnectorClient>(ConnectorClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("teams-connector", (pipeline, context) =>
            {
                var maxWait = context.ServiceProvider.GetRequiredService<IOptionsMonitor<TeamsChannelOptions>>().CurrentValue.MaxRetryAfter;
                pipeline.AddTimeout(TimeSpan.FromSeconds(60));
                pipeline.AddRetry(ConnectorRetry(maxWait));
                pipeline.AddTimeout(TimeSpan.FromSeconds(15));
            });
        services.AddTransient<TeamsPeople>();
        services.AddTransient<CardActions>();
        services.AddTransient<TeamsBot>();
        services.AddTransient<TeamsDelivery>();
        services.AddTransient<IChannelDelivery>(sp => sp.GetRequiredService<TeamsDelivery>());
        return builder;
    }

    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", TeamsEndpoint.ReceiveAsync).WithTags("Teams").DisableAntiforgery();
        // The route tables are built now, while the bot starts: a verb or command routed twice stops it here, not at the first click.
        _ = (CardActions.Routed, CardSteps.Routed, ChatCommands.Commands);
        var mode = app.ServiceProvider.GetRequiredService<TeamsMode>();
        var log = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TeamsSetup).FullName!);
        if (mode.Off) log.LogWarning("{State}", mode.Describe());
        else log.LogInformation("{State}", mode.Describe());
        return app;
    }

    /// <summary>
    /// Teams' documented advice: back off exponentially with jitter on 429 (honouring Retry-After), 412, 5xx and timeouts.
    /// A Retry-After longer than <paramref name="maxWait"/> is not waited out here: the 429 goes back to the outbox, which
    /// reschedules the message instead of holding a dispatcher.
    /// </summary>
    internal static HttpRetryStrategyOptions ConnectorRetry(TimeSpan maxWait) => new()
    {
        MaxRetryAttempts = 3,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = TimeSpan.FromSeconds(2),
        MaxDelay = maxWait,
        ShouldRetryAfterHeader = true,
        ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
        {
            { Result: { StatusCode: HttpStatusCode.TooManyRequests } r } => ConnectorClient.RetryAfter(r) is not { } wait || wait <= maxWait,
            { Result: { StatusCode: HttpStatusCode.PreconditionFailed } } => true,
            { Result: { } r } => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.RequestTimeout,
            { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
            _ => false,
        }),
    };
}
