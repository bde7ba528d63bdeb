using LeadBot.Insights;
using Microsoft.AspNetCore.Antiforgery;

namespace LeadBot.Dashboard;

public static class DashboardSetup
{
    /// <summary>The dashboard (also a Teams tab): its sign-in (key or Microsoft Entra ID), with its options validated on start.</summary>
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section)
            .Validate(o => o.SignInKey is null || o.SignInKey.Length == 0 || o.SignInKey.Length >= 12, "Dashboard:SignInKey must be at least 12 characters.")
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, "Dashboard:SessionLifetime must be positive.")
            .Validate(o => !o.EntraId.Enabled || Guid.TryParse(o.EntraId.TenantId, out _),
                "Dashboard:EntraId:TenantId must be the directory (tenant) id, a GUID, when Dashboard:EntraId:ClientId is set.")
            .Validate(o => !o.EntraId.Enabled || Uri.TryCreate(o.EntraId.Instance, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps,
                "Dashboard:EntraId:Instance must be an https URL (default https://login.microsoftonline.com/).")
            .Validate(o => o.SignInAttemptsPerMinute is >= 1 and <= 1000,
                "Dashboard:SignInAttemptsPerMinute must be between 1 and 1000 (sign-in attempts allowed per client address per minute; default 10).")
            .ValidateOnStart();
        services.AddSingleton<DashboardCookies>();
        services.AddSingleton<DashboardAuth>();
        services.AddSingleton<DashboardAccess>();
        services.AddDashboardEntraId();
        services.AddAntiforgery();
        services.AddOptions<AntiforgeryOptions>().Configure<DashboardCookies>((o, cookies) =>
        {
            o.Cookie.Name = "leadbot_antiforgery";
            o.Cookie.SameSite = cookies.SameSite;
            // Secure on https requests. Not "always": ASP.NET Core refuses (500) to write an always-Secure antiforgery cookie
            // on a plain http request, as a TLS-terminating proxy missing from ForwardedHeaders makes every request look;
            // the cookie opens no session, so the sign-in page working there matters more.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Framing is decided by the pages' Content-Security-Policy (frame-ancestors: the bot and Teams); the
            // X-Frame-Options: SAMEORIGIN antiforgery adds by default would blank the Teams tab in older clients.
            o.SuppressXFrameOptionsHeader = true;
        });
        services.AddSignInLimit();
        return builder;
    }

    /// <summary>Before the endpoints: the sign-in rate limit, then the antiforgery check of the sign-in and sign-out forms.</summary>
    public static WebApplication UseDashboard(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseAntiforgery();
        return app;
    }
}
