using LeadBot.Insights;

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
            .ValidateOnStart();
        services.AddSingleton<DashboardCookies>();
        services.AddSingleton<DashboardAuth>();
        services.AddDashboardEntraId();
        return builder;
    }
}
