using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LeadBot.Handoff.Delivery;

public static class DeliverySetup
{
    /// <summary>The outbox dispatcher: sends to every registered chat platform, retries, parks what keeps failing.</summary>
    public static IHostApplicationBuilder AddDelivery(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        services.TryAddSingleton<OutboxSignal>();
        services.AddSingleton<DeliveryStatus>();
        services.AddSingleton<DeliveryRecovery>();
        services.AddSingleton<DeliveryPlan>();
        services.AddHostedService<OutboxDispatcher>();
        return builder;
    }
}
