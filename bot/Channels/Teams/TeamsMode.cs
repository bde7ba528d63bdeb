using Microsoft.Extensions.Options;

namespace LeadBot.Channels.Teams;

/// <summary>
/// Whether Teams is on, and how: authenticated (an app id), local (no app id, Development or Teams:LocalMode, this
/// machine only), or off (no app id anywhere else, so a Slack-only production deployment carries no open /api/messages).
/// Also the inbound allow-lists that depend on the mode: tenants and channel ids.
/// </summary>
public sealed class TeamsMode(IOptionsMonitor<TeamsOptions> app, IOptionsMonitor<TeamsChannelOptions> channel, IHostEnvironment environment)
{
    public const string MsTeams = "msteams";
    // The Bot Framework Emulator and the Agents Playground name their channel so; only this machine can use them.
    private static readonly string[] LocalChannels = ["emulator", "playground", "webchat"];

    public bool Local => app.CurrentValue.LocalMode && LocalAllowed;
    public bool Off => app.CurrentValue.LocalMode && !LocalAllowed;

    private bool LocalAllowed => environment.IsDevelopment() || channel.CurrentValue.LocalMode;

    /// <summary>What an admin reads in the start-up log.</summary>
    public string Describe() => Off
        ? $"Teams is off: MicrosoftAppId is empty and the environment is {environment.EnvironmentName}, not Development, so /api/messages answers 404. " +
          "Set MicrosoftAppId and MicrosoftAppPassword (see docs/teams.md), or Teams:LocalMode=true to try the bot with the Agents Playground on this machine."
        : Local
            ? "Teams runs in local mode: MicrosoftAppId is empty, so /api/messages accepts unsigned activities from this machine only and sends no token."
            : $"Teams is on for app {app.CurrentValue.MicrosoftAppId} ({app.CurrentValue.MicrosoftAppType}).";

    /// <summary>Tenants accepted; empty: any tenant the token allows (a MultiTenant bot without Teams:AllowedTenants).</summary>
    public IReadOnlyList<string> AllowedTenants
    {
        get
        {
            if (channel.CurrentValue.AllowedTenants is { Count: > 0 } listed) return listed;
            var o = app.CurrentValue;
            return (o.IsSingleTenant || o.IsManagedIdentity) && !string.IsNullOrWhiteSpace(o.MicrosoftAppTenantId) ? [o.MicrosoftAppTenantId] : [];
        }
    }

    public bool AcceptsTenant(string? tenant) =>
        AllowedTenants is not { Count: > 0 } allowed || allowed.Contains(tenant ?? "", StringComparer.OrdinalIgnoreCase);

    public bool AcceptsChannel(string? channelId) =>
        string.Equals(channelId, MsTeams, StringComparison.OrdinalIgnoreCase)
        || (Local && LocalChannels.Contains(channelId ?? "", StringComparer.OrdinalIgnoreCase));
}
