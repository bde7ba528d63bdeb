using System.Security.Claims;
using LeadBot.Insights;
using LeadBot.Routing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace LeadBot.Dashboard;

/// <summary>Dashboard sign-in with Microsoft Entra ID (OpenID Connect), for organisations that would rather not share a key.</summary>
public sealed class EntraIdSignInOptions
{
    /// <summary>The app registration's application (client) id. Unset: Entra ID sign-in is off.</summary>
    public string? ClientId { get; set; }
    /// <summary>The directory (tenant) id whose users may sign in.</summary>
    public string? TenantId { get; set; }
    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId);
    public string Authority => Instance.TrimEnd('/') + "/" + TenantId + "/v2.0";
}

/// <summary>
/// Entra ID sign-in for the dashboard: the browser is sent to Entra, comes back to /signin-oidc with an ID token
/// (response_mode form_post; no client secret is needed), and keeps a session cookie. Who may then see what comes from
/// the routing rosters and Routing:Admins, as in chat (<see cref="DashboardAccess"/>, <see cref="DashboardScope"/>).
/// </summary>
public static class DashboardEntraId
{
    public const string CookieScheme = "leadbot-dashboard-entra";
    public const string OidcScheme = "leadbot-entra";
    public const string CallbackPath = "/signin-oidc";

    public static IServiceCollection AddDashboardEntraId(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "leadbot_dashboard_entra";
                o.Cookie.HttpOnly = true;
                o.SlidingExpiration = true;
            })
            .AddOpenIdConnect(OidcScheme, _ => { });
        // Read when the scheme is first used, so configuration from any source (and tests) applies.
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptionsMonitor<DashboardOptions>, DashboardCookies>((o, dashboard, cookies) =>
        {
            o.ExpireTimeSpan = dashboard.CurrentValue.SessionLifetime;
            o.Cookie.SameSite = cookies.SameSite;
            o.Cookie.SecurePolicy = cookies.SecurePolicy;
        });
        services.AddOptions<OpenIdConnectOptions>(OidcScheme).Configure<IOptionsMonitor<DashboardOptions>, IOptionsMonitor<InsightsOptions>, IHttpClientFactory>(
            (o, dashboard, insights, http) =>
            {
                var entra = dashboard.CurrentValue.EntraId;
                o.Authority = entra.Authority;
                o.ClientId = entra.ClientId;
                o.ResponseType = "id_token";
                o.ResponseMode = "form_post";
                o.CallbackPath = CallbackPath;
                o.SignInScheme = CookieScheme;
                o.Scope.Add("email");
                o.MapInboundClaims = false;
                o.TokenValidationParameters.NameClaimType = "name";
                o.Backchannel = http.CreateClient(OidcScheme);
                var publicBase = insights.CurrentValue.PublicBaseUrl;
                o.Events.OnRedirectToIdentityProvider = context =>
                {
                    // Behind a proxy the request looks like http://internal-host; Entra must send people back to the public address.
                    if (!string.IsNullOrWhiteSpace(publicBase)) context.ProtocolMessage.RedirectUri = publicBase.TrimEnd('/') + CallbackPath;
                    return Task.CompletedTask;
                };
                o.Events.OnRemoteFailure = context =>
                {
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardEntraId))
                        .LogWarning("Dashboard sign-in with Entra ID failed: {Reason}", context.Failure?.Message);
                    context.Response.Redirect("/signin?failed=entra");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        return services;
    }

    /// <summary>
    /// Without Entra ID configured the schemes are taken out again: ASP.NET Core runs registered sign-in handlers on every
    /// request, and an OpenID Connect handler with no client id would refuse to start. Changing this needs a restart.
    /// </summary>
    public static void DropEntraIdUnlessConfigured(IServiceProvider services)
    {
        if (services.GetRequiredService<IOptionsMonitor<DashboardOptions>>().CurrentValue.EntraId.Enabled) return;
        var schemes = services.GetRequiredService<IAuthenticationSchemeProvider>();
        schemes.RemoveScheme(OidcScheme);
        schemes.RemoveScheme(CookieScheme);
    }

    /// <summary>
    /// Null when the tenant's sign-in metadata can be read (it is cached); otherwise why not, so the page can say so
    /// instead of the challenge failing with a 500.
    /// </summary>
    public static async Task<string?> UnreachableAsync(HttpContext http)
    {
        var oidc = http.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OidcScheme);
        if (oidc.ConfigurationManager is null) return null;
        try
        {
            await oidc.ConfigurationManager.GetConfigurationAsync(http.RequestAborted);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardEntraId))
                .LogWarning(e, "Entra ID sign-in metadata could not be read from {Authority}", oidc.Authority);
            return "its sign-in metadata could not be read";
        }
    }

    /// <summary>
    /// The signed-in person as the rosters know them: the Entra object id (the roster matches it first), then the sign-in
    /// name (UPN: its domain must be one the directory verified), then the optional email claim, which a directory can
    /// hold unverified.
    /// </summary>
    public static Actor ActorOf(ClaimsPrincipal user) => new(
        Email: user.FindFirstValue("preferred_username") ?? user.FindFirstValue("upn") ?? user.FindFirstValue("email"),
        TeamsAadObjectId: user.FindFirstValue("oid"),
        DisplayName: user.FindFirstValue("name"));
}
