using LeadBot.Routing;
using Microsoft.Extensions.Options;

namespace LeadBot.Handoff.ServiceLevels;

public static class ServiceLevelsSetup
{
    /// <summary>Escalation, reassignment and first-touch reminders in business hours, checked in the background.</summary>
    public static IHostApplicationBuilder AddServiceLevels(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SlaOptions>().BindConfiguration(SlaOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlaOptions>, SlaOptionsValidator>();
        services.AddOptions<TeamServiceLevels>().BindConfiguration(RoutingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamServiceLevels>, TeamSlaValidator>();
        services.AddSingleton<SlaTimers>();
        services.AddHostedService<SlaScheduler>();
        return builder;
    }
}
