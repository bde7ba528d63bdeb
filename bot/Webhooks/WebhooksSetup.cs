using LeadBot.Handoff.Delivery;
using LeadBot.Privacy;
using Microsoft.Extensions.Options;

namespace LeadBot.Webhooks;

public static class WebhooksSetup
{
    /// <summary>Outbound webhooks: the <c>Webhooks</c> list validated on start, the hook lifecycle steps call, and the sender.</summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // The section is a bare list, so it binds into the options' one property.
        services.AddOptions<WebhookOptions>()
            .Configure<IConfiguration>((o, config) => config.GetSection(WebhookOptions.Section).Bind(o.Endpoints))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddSingleton<WebhookMessages>();
        services.AddSingleton<IErasureListener, WebhookErasure>();
        // Redirects are not followed: a POST must not be re-sent somewhere the configuration never named (or over http).
        services.AddHttpClient(WebhookDelivery.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<WebhookDelivery>();
        services.AddSingleton<IChannelDelivery>(sp => sp.GetRequiredService<WebhookDelivery>());
        return builder;
    }
}
