using Microsoft.Extensions.Options;

namespace LeadBot.Channels.Teams.Connector;

/// <summary>
/// Where the bot's Connector token may go: https to the Bot Framework's documented Connector hosts (public cloud, GCC,
/// GCC High, DoD, China), or to a base URL listed in Teams:TrustedServiceUrls. An activity's serviceUrl is checked
/// against its token, but a stored conversation reference (written in local mode, or by an older version) is not,
/// so every call is checked here.
/// </summary>
public sealed class ServiceUrlTrust(IOptionsMonitor<TeamsChannelOptions> options)
{
    // The Teams SDK's allow-list per cloud (microsoft.github.io/teams-sdk, "Service URL validation").
    public static readonly IReadOnlyList<string> DocumentedHosts =
    [
        "smba.trafficmanager.net", "smba.onyx.prod.teams.trafficmanager.net", "smba.infra.gcc.teams.microsoft.com",
        "smba.infra.gov.teams.microsoft.us", "smba.infra.dod.teams.microsoft.us", "frontend.botapi.msg.infra.teams.microsoftonline.cn",
    ];

    public bool Trusts(Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttps) return false;
        if (uri.IsDefaultPort && DocumentedHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase)) return true;
        foreach (var entry in options.CurrentValue.TrustedServiceUrls)
        {
            if (Uri.TryCreate(entry, UriKind.Absolute, out var trusted))
            {
                if (trusted.Scheme == Uri.UriSchemeHttps && string.Equals(trusted.Host, uri.Host, StringComparison.OrdinalIgnoreCase) && trusted.Port == uri.Port
                    && uri.AbsolutePath.StartsWith(trusted.AbsolutePath, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
            else if (string.Equals(entry.Trim(), uri.Host, StringComparison.OrdinalIgnoreCase) && uri.IsDefaultPort) return true;
        }
        return false;
    }
}
