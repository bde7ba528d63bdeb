using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace LeadBot.Access;

public static class AccessSetup
{
    /// <summary>API keys with scopes, "this machine", and the reverse proxies to believe, validated on start.</summary>
    public static IHostApplicationBuilder AddAccess(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiKeyOptions>()
            .Configure<IConfiguration>((o, config) => o.Read(config.GetSection(ApiKeyOptions.Section)))
            .ValidateOnStart();
        // Keys read by hand still follow configuration reloads (a withdrawn key stops working without a restart).
        services.AddSingleton<IOptionsChangeTokenSource<ApiKeyOptions>>(sp =>
            new ConfigurationChangeTokenSource<ApiKeyOptions>(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        services.AddSingleton<AccessRule>();

        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((f, proxies) =>
        {
            f.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            f.ForwardLimit = proxies.Value.ForwardLimit;
            // The framework trusts loopback proxies by default; here only the configured ones are believed.
            f.KnownProxies.Clear();
            f.KnownIPNetworks.Clear();
            foreach (var p in proxies.Value.KnownProxies) if (IPAddress.TryParse(p, out var ip)) f.KnownProxies.Add(ip);
            foreach (var n in proxies.Value.KnownNetworks) if (System.Net.IPNetwork.TryParse(n, out var net)) f.KnownIPNetworks.Add(net);
        });
        return builder;
    }

    /// <summary>
    /// First in the pipeline: believe configured proxies only, so scheme, client address and host are the edge's. Then,
    /// outside Development, HSTS on https responses (the framework leaves out localhost, where a developer's browser would
    /// otherwise refuse plain http for every local project for a month).
    /// </summary>
    public static WebApplication UseAccess(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Configured) app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        return app;
    }
}
