using System.Text;
using System.Text.Json.Nodes;
using LeadBot.Commands;
using LeadBot.Handoff.Delivery;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LeadBot.Channels.Slack;

public static class SlackSetup
{
    /// <summary>Slack endpoints' services, the Web API client and <see cref="SlackDelivery"/>; options validated on start.</summary>
    public static IHostApplicationBuilder AddSlack(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        services.AddHttpClient(SlackWebApi.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<SlackWebApi>();
        services.TryAddSingleton<UnreachableNotices>();
        services.AddSingleton<SlackPacer>();
        services.AddSingleton<SlackSignature>();
        services.AddSingleton<SlackInbound>();
        services.AddSingleton<SlackUsers>();
        services.AddSingleton<SlackReplies>();
        services.AddSingleton<SlackEvents>();
        services.AddSingleton<SlackInteractions>();
        services.AddSingleton<SlackClicks>();
        services.AddSingleton<SlackProposalClicks>();
        services.AddSingleton<SlackCommands>();
        services.AddSingleton<SlackWork>();
        services.AddHostedService<SlackWorker>();
        services.AddSingleton<SlackSendMarks>();
        services.AddSingleton<SlackNotices>();
        services.AddSingleton<SlackDelivery>();
        services.AddSingleton<IChannelDelivery>(sp => sp.GetRequiredService<SlackDelivery>());
        return builder;
    }

    /// <summary>POST /api/slack/events, /interactions, /commands: 404 while Slack is not configured, 401 unless signed by Slack.</summary>
    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder app)
    {
        var slack = app.MapGroup("/api/slack").WithTags("Slack").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<SlackOptions>>().CurrentValue.Enabled
                ? await next(context)
                : Results.NotFound());
        slack.MapPost("events", Events);
        slack.MapPost("interactions", Interactions);
        slack.MapPost("commands", Commands);
        // The route tables are built now, while the bot starts: an action id or command routed twice stops it here, not at the first click.
        _ = (SlackInteractions.Routed, CardSteps.Routed, ChatCommands.Commands);
        return app;
    }

    private static async Task<IResult> Events(HttpRequest request, SlackInbound inbound, SlackEvents events, CancellationToken ct)
    {
        if (await inbound.ReadVerifiedAsync(request, ct) is not { } body) return Results.Unauthorized();
        if (SlackInbound.Json(Encoding.UTF8.GetString(body)) is not { } json) return Results.BadRequest();
        // url_verification names no workspace: it is Slack checking the URL while the app is set up.
        if (Text(json["type"]) != "url_verification" && !inbound.ForThisApp(request, Text(json["api_app_id"]), Text(json["team_id"]), Text(json["enterprise_id"])))
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        return events.Handle(json);
    }

    private static async Task<IResult> Interactions(HttpRequest request, SlackInbound inbound, SlackInteractions interactions, CancellationToken ct)
    {
        if (await inbound.ReadVerifiedAsync(request, ct) is not { } body) return Results.Unauthorized();
        var payload = SlackInbound.Form(body).GetValueOrDefault("payload");
        if (payload is null || SlackInbound.Json(payload) is not { } json) return Results.BadRequest();
        if (!inbound.ForThisApp(request, Text(json["api_app_id"]), Text(Field(json, "team", "id")), Text(Field(json, "user", "team_id")), Text(Field(json, "enterprise", "id"))))
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        return interactions.Handle(json);
    }

    private static async Task<IResult> Commands(HttpRequest request, SlackInbound inbound, SlackCommands commands, CancellationToken ct)
    {
        if (await SlackInbound.ReadAsync(request, ct) is not { } body) return Results.Unauthorized();
        var form = SlackInbound.Form(body);
        // Slack checks a command URL's certificate by posting ssl_check=1 (with the legacy token) and wants a 200; it is not
        // signed like a command, so it is answered before verification and nothing in it is used. Slack's slash-command docs
        // (https://api.slack.com/interactivity/slash-commands) describe it; bolt-js (src/receivers/HTTPModuleFunctions.ts) and
        // bolt-python (slack_bolt/middleware/ssl_check) answer it the same way.
        if (form.GetValueOrDefault("ssl_check") == "1") return Results.Ok();
        if (!inbound.IsSigned(request, body)) return Results.Unauthorized();
        if (!inbound.ForThisApp(request, form.GetValueOrDefault("api_app_id"), form.GetValueOrDefault("team_id"), form.GetValueOrDefault("enterprise_id")))
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        return commands.Handle(form);
    }

    private static JsonNode? Field(JsonObject json, string outer, string inner) => json[outer] is JsonObject o ? o[inner] : null;

    /// <summary>A string field of an attacker-shaped payload: anything else (a number, an object) is no id.</summary>
    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
