using Microsoft.Extensions.Options;

namespace LeadBot.Dashboard;

/// <summary>
/// The one rule for the dashboard's session cookies (key session, Entra ID session; the antiforgery cookie shares the
/// SameSite rule and is Secure on https, see <see cref="DashboardSetup"/>): HttpOnly, SameSite=Lax
/// (None inside the Teams tab's frame, which then needs Secure), and Secure whenever the request was https at the edge
/// (Request.IsHttps, after the known proxies' X-Forwarded-Proto is applied) and always outside Development, so a cookie
/// never crosses the network in clear text even when a proxy in front of the bot speaks plain http to it.
/// </summary>
public sealed class DashboardCookies(IOptionsMonitor<DashboardOptions> options, IHostEnvironment environment)
{
    private bool Embedded => options.CurrentValue.EmbeddedInTeams;

    public SameSiteMode SameSite => Embedded ? SameSiteMode.None : SameSiteMode.Lax;

    public bool Secure(HttpRequest request) => Embedded || request.IsHttps || !environment.IsDevelopment();

    /// <summary>The same rule for cookies ASP.NET Core writes itself (authentication, antiforgery).</summary>
    public CookieSecurePolicy SecurePolicy => Embedded || !environment.IsDevelopment() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
}
