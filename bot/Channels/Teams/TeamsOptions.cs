using Microsoft.Extensions.Options;

namespace LeadBot.Channels.Teams;

/// <summary>
/// The Bot Framework's own configuration key names (root level, as the SDK reads them), so an Azure Bot's
/// App Service settings work unchanged; LeadBot-only settings live under "Teams".
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";
    public const string PublicOpenIdMetadata = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string PublicChannelIssuer = "https://api.botframework.com";
    public const string PublicEmulatorOpenIdMetadata = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";
    public const string PublicLoginUrl = "https://login.microsoftonline.com/{0}";
    public const string MultiTenantAuthorityTenant = "botframework.com";
    public const string PublicOAuthScope = "https://api.botframework.com";
    public const string PublicProactiveServiceUrl = "https://smba.trafficmanager.net/teams/";

    public string MicrosoftAppId { get; set; } = "";
    public string MicrosoftAppPassword { get; set; } = "";
    public string MicrosoftAppTenantId { get; set; } = "";
    /// <summary>MultiTenant (default), SingleTenant or UserAssignedMSI, case-insensitive like the SDK.</summary>
    public string MicrosoftAppType { get; set; } = AppTypes.MultiTenant;
    public string BotOpenIdMetadata { get; set; } = PublicOpenIdMetadata;
    public string ToBotFromChannelTokenIssuer { get; set; } = PublicChannelIssuer;
    public string ToBotFromEmulatorOpenIdMetadataUrl { get; set; } = PublicEmulatorOpenIdMetadata;
    /// <summary>Authority for outbound tokens; "{0}" becomes the tenant ("botframework.com" for multi-tenant bots).</summary>
    public string ToChannelFromBotLoginUrl { get; set; } = PublicLoginUrl;
    /// <summary>Resource of outbound tokens; "/.default" is appended for client credentials.</summary>
    public string ToChannelFromBotOAuthScope { get; set; } = PublicOAuthScope;

    /// <summary>Empty app id: the local mode of the Agents Playground and the Emulator (no tokens, loopback only).</summary>
    public bool LocalMode => string.IsNullOrWhiteSpace(MicrosoftAppId);
    public bool IsSingleTenant => string.Equals(MicrosoftAppType, AppTypes.SingleTenant, StringComparison.OrdinalIgnoreCase);
    public bool IsManagedIdentity => string.Equals(MicrosoftAppType, AppTypes.UserAssignedMsi, StringComparison.OrdinalIgnoreCase);

    public string AuthorityTenant => IsSingleTenant || IsManagedIdentity ? MicrosoftAppTenantId : MultiTenantAuthorityTenant;

    public string Authority => ToChannelFromBotLoginUrl.Contains("{0}", StringComparison.Ordinal)
        ? string.Format(System.Globalization.CultureInfo.InvariantCulture, ToChannelFromBotLoginUrl, AuthorityTenant)
        : ToChannelFromBotLoginUrl;

    public string OAuthScope => ToChannelFromBotOAuthScope.EndsWith("/.default", StringComparison.Ordinal)
        ? ToChannelFromBotOAuthScope
        : ToChannelFromBotOAuthScope.TrimEnd('/') + "/.default";

    public static class AppTypes
    {
        public const string MultiTenant = "MultiTenant", SingleTenant = "SingleTenant", UserAssignedMsi = "UserAssignedMSI";
        public static readonly string[] All = [MultiTenant, SingleTenant, UserAssignedMsi];
    }
}

/// <summary>LeadBot's own Teams settings (section "Teams").</summary>
public sealed class TeamsChannelOptions
{
    /// <summary>
    /// Tenants whose traffic is accepted. Empty: a SingleTenant or UserAssignedMSI bot accepts its own MicrosoftAppTenantId
    /// only, a MultiTenant bot any tenant the token allows.
    /// </summary>
    public List<string> AllowedTenants { get; set; } = [];
    /// <summary>
    /// Lets an empty MicrosoftAppId mean local mode (unsigned activities from this machine, for the Agents Playground)
    /// outside the Development environment. Without it, and outside Development, an empty app id means Teams is off.
    /// </summary>
    public bool LocalMode { get; set; }
    /// <summary>
    /// Connector hosts (or https base URLs) besides the public and government Bot Framework ones that may receive the bot's
    /// token: sovereign clouds without a preset, and tests.
    /// </summary>
    public List<string> TrustedServiceUrls { get; set; } = [];
    /// <summary>Base URL for proactive messages when no conversation of the tenant has been seen yet.</summary>
    public string ProactiveServiceUrl { get; set; } = TeamsOptions.PublicProactiveServiceUrl;
    /// <summary>Tenant for 1:1 chats created before any activity told us one (defaults to MicrosoftAppTenantId).</summary>
    public string? TenantId { get; set; }
    /// <summary>Largest Retry-After worth waiting for inside one delivery; longer waits go back to the outbox.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(20);
}

internal sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions o)
    {
        var errors = new List<string>();
        if (!TeamsOptions.AppTypes.All.Contains(o.MicrosoftAppType, StringComparer.OrdinalIgnoreCase))
            errors.Add($"MicrosoftAppType must be one of {string.Join(", ", TeamsOptions.AppTypes.All)}; it is '{o.MicrosoftAppType}'.");
        if (!o.LocalMode)
        {
            if (!Guid.TryParse(o.MicrosoftAppId, out _)) errors.Add("MicrosoftAppId must be the bot's Entra application (client) id, a GUID.");
            if ((o.IsSingleTenant || o.IsManagedIdentity) && string.IsNullOrWhiteSpace(o.MicrosoftAppTenantId))
                errors.Add($"MicrosoftAppTenantId is required when MicrosoftAppType is {o.MicrosoftAppType}.");
            if (o.IsManagedIdentity && !string.IsNullOrEmpty(o.MicrosoftAppPassword))
                errors.Add("MicrosoftAppPassword must be empty for UserAssignedMSI: the managed identity has no secret.");
            if (!o.IsManagedIdentity && string.IsNullOrWhiteSpace(o.MicrosoftAppPassword))
                errors.Add($"MicrosoftAppPassword (the client secret) is required when MicrosoftAppType is {o.MicrosoftAppType}.");
        }
        else if (!string.IsNullOrEmpty(o.MicrosoftAppPassword))
        {
            errors.Add("MicrosoftAppPassword is set but MicrosoftAppId is empty: set both, or neither for local mode.");
        }
        foreach (var (key, url) in new[] { ("BotOpenIdMetadata", o.BotOpenIdMetadata), ("ToBotFromEmulatorOpenIdMetadataUrl", o.ToBotFromEmulatorOpenIdMetadataUrl) })
            if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme != Uri.UriSchemeHttps) errors.Add($"{key} must be an https URL.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
