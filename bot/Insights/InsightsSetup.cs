using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LeadBot.Insights;

public static class InsightsSetup
{
    /// <summary>Reports, charts, digests and the dashboard, with their options validated on start.</summary>
    public static IHostApplicationBuilder AddInsights(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddOptions<InsightsOptions>().BindConfiguration(InsightsOptions.Section)
            .PostConfigure(o =>
            {
                // Shared keys owned by other features: the bot's public address and the handoff service level.
                o.PublicBaseUrl ??= config["Bot:PublicBaseUrl"];
                // Sla validates it; a bad value here must not fail twice.
                if (config.GetValue<TimeSpan?>("Sla:ClaimWithin") is { } claimWithin && claimWithin > TimeSpan.Zero) o.ClaimWithin = claimWithin;
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<InsightsOptions>, InsightsOptionsValidator>();
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section)
            .Validate(o => o.SignInKey is null || o.SignInKey.Length == 0 || o.SignInKey.Length >= 12, "Dashboard:SignInKey must be at least 12 characters.")
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, "Dashboard:SessionLifetime must be positive.")
            .Validate(o => !o.EntraId.Enabled || Guid.TryParse(o.EntraId.TenantId, out _),
                "Dashboard:EntraId:TenantId must be the directory (tenant) id, a GUID, when Dashboard:EntraId:ClientId is set.")
            .Validate(o => !o.EntraId.Enabled || Uri.TryCreate(o.EntraId.Instance, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps,
                "Dashboard:EntraId:Instance must be an https URL (default https://login.microsoftonline.com/).")
            .ValidateOnStart();
        services.TryAddSingleton<PipelineReport>();
        services.TryAddSingleton<FeedbackReport>();
        services.AddSingleton<ChartLinks>();
        services.AddSingleton<DashboardAuth>();
        services.AddDashboardEntraId();
        services.AddSingleton<Digests>();
        services.AddHostedService<DigestLoop>();
        return builder;
    }

    public static IEndpointRouteBuilder MapInsights(this IEndpointRouteBuilder app)
    {
        DashboardEntraId.DropEntraIdUnlessConfigured(app.ServiceProvider);
        app.MapDashboard();
        app.MapCharts();
        app.MapReports();
        return app;
    }
}
