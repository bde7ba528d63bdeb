using LeadBot.Handoff.Delivery;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace LeadBot.Channels.Teams.Connector;

/// <summary>
/// Bearer tokens for calls to the Bot Connector: MSAL client credentials (secret) for MultiTenant and SingleTenant
/// bots, a managed identity for UserAssignedMSI, nothing in local mode. A token is reused until five minutes before
/// it expires, so a burst of sends asks MSAL once.
/// </summary>
public sealed class ConnectorTokens(IOptionsMonitor<TeamsOptions> options, IMsalHttpClientFactory msalHttp, TimeProvider clock, ILogger<ConnectorTokens> log) : IDisposable
{
    private static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset ExpiresOn)? _current;
    private IConfidentialClientApplication? _confidential;
    private IManagedIdentityApplication? _managed;

    public async Task<string?> GetTokenAsync(CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (o.LocalMode) return null;
        if (Fresh() is { } cached) return cached;
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh() is { } again) return again;
            var result = o.IsManagedIdentity
                ? await Managed(o).AcquireTokenForManagedIdentity(o.ToChannelFromBotOAuthScope).ExecuteAsync(ct)
                : await Confidential(o).AcquireTokenForClient([o.OAuthScope]).ExecuteAsync(ct);
            _current = (result.AccessToken, result.ExpiresOn);
            log.LogDebug("Connector token acquired from {Source}, expires {ExpiresOn:u}", result.AuthenticationResultMetadata.TokenSource, result.ExpiresOn);
            return result.AccessToken;
        }
        catch (MsalException e)
        {
            throw new DeliveryException($"Could not get a Bot Connector token from {o.Authority}: {e.ErrorCode}", retryAfter: TimeSpan.FromMinutes(1), inner: e);
        }
        finally { _gate.Release(); }
    }

    public void Dispose() => _gate.Dispose();

    private string? Fresh() => _current is { } c && c.ExpiresOn - RefreshBefore > clock.GetUtcNow() ? c.Token : null;

    private IConfidentialClientApplication Confidential(TeamsOptions o) => _confidential ??= ConfidentialClientApplicationBuilder
        .Create(o.MicrosoftAppId)
        .WithClientSecret(o.MicrosoftAppPassword)
        .WithAuthority(o.Authority, validateAuthority: !IsCustomAuthority(o))
        // Instance discovery asks login.microsoftonline.com about the authority; a custom (sovereign or test) login URL is taken as given.
        .WithInstanceDiscovery(!IsCustomAuthority(o))
        .WithHttpClientFactory(msalHttp)
        .Build();

    private IManagedIdentityApplication Managed(TeamsOptions o) => _managed ??= ManagedIdentityApplicationBuilder
        .Create(ManagedIdentityId.WithUserAssignedClientId(o.MicrosoftAppId))
        .WithHttpClientFactory(msalHttp)
        .Build();

    private static bool IsCustomAuthority(TeamsOptions o) =>
        !o.ToChannelFromBotLoginUrl.StartsWith("https://login.microsoftonline.com/", StringComparison.OrdinalIgnoreCase);
}

/// <summary>MSAL's HTTP through IHttpClientFactory, so proxies and test certificates are configured in one place.</summary>
internal sealed class MsalHttpClientFactory(IHttpClientFactory factory) : IMsalHttpClientFactory
{
    public const string Name = "teams-msal";
    public HttpClient GetHttpClient() => factory.CreateClient(Name);
}
