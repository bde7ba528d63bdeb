using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LeadBot.Telemetry;

/// <summary>
/// OpenTelemetry traces (ASP.NET Core, outgoing HTTP: Bot Connector, Slack, MSAL; Npgsql; LeadBot's sends) and metrics
/// (LeadBot's meter, ASP.NET Core, HttpClient, Npgsql). Exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set, to
/// Azure Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING is set, nowhere otherwise; the standard OTEL_* variables
/// (service name, headers, protocol, sampler) apply as the SDK documents them.
/// </summary>
public static class TelemetrySetup
{
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT", AzureMonitor = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Npgsql's own ActivitySource and Meter (it has no separate instrumentation package to need).</summary>
    private const string Npgsql = "Npgsql";

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LeadBotMetrics>();
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? "leadbot", serviceInstanceId: Environment.MachineName))
            .WithTracing(t => t
                .AddSource(LeadBotMetrics.Name, Npgsql)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz")) // probes every few seconds are noise
                .AddHttpClientInstrumentation())
            .WithMetrics(m => m
                .AddMeter(LeadBotMetrics.Name, Npgsql)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
        // Exporters only where the admin pointed one: a bot with neither variable sends nothing anywhere.
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpoint])) otel.UseOtlpExporter();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[AzureMonitor])) otel.UseAzureMonitor();
        return builder;
    }
}
