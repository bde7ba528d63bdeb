using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LeadBot.Insights;

public static class InsightsSetup
{
    /// <summary>Reports, charts and digests, with their options validated on start.</summary>
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
        services.TryAddSingleton<PipelineReport>();
        services.TryAddSingleton<FeedbackReport>();
        services.AddSingleton<ChartLinks>();
        services.AddSingleton<DigestSlots>();
        services.AddSingleton<Digests>();
        services.AddHostedService<DigestLoop>();
        return builder;
    }

    public static IEndpointRouteBuilder MapInsights(this IEndpointRouteBuilder app)
    {
        app.MapCharts();
        app.MapReports();
        return app;
    }
}
