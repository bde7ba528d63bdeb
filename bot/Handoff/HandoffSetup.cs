using LeadBot.Handoff.Delivery;
using LeadBot.Handoff.ServiceLevels;
using LeadBot.Qualification;
using LeadBot.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LeadBot.Handoff;

public static class HandoffSetup
{
    /// <summary>Qualification, routing and the lifecycle steps, with their options validated on start.</summary>
    public static IHostApplicationBuilder AddHandoff(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingletonTimeProvider();
        services.AddOptions<QualificationOptions>().BindConfiguration(QualificationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QualificationOptions>, QualificationOptionsValidator>();
        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();
        services.AddSingleton<Router>();
        services.AddSingleton<Roster>();
        services.AddSingleton<Visibility>();
        services.AddOptions<HandoffOptions>().BindConfiguration(HandoffOptions.Section)
            .Validate(o => o.AfterReject is AfterRejectModes.Reoffer or AfterRejectModes.Nurture,
                $"Handoff:AfterReject must be '{AfterRejectModes.Reoffer}' or '{AfterRejectModes.Nurture}'.")
            .ValidateOnStart();
        services.AddSingleton<Offers>();
        services.AddSingleton<Reassignment>();
        services.TryAddSingleton<OutboxSignal>();
        services.AddSingleton<LeadActions>();
        return builder;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }
}
