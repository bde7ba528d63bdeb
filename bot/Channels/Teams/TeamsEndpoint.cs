using System.Text.Json;
using LeadBot.Channels.Teams.Auth;
using LeadBot.Access;
using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Channels.Teams;

/// <summary>
/// POST /api/messages: authenticate, de-duplicate, hand to <see cref="TeamsBot"/>. Status codes follow the Bot Framework
/// SDK (400 no activity, 401 bad token, 200 handled, invoke status and body for invokes).
/// </summary>
public static class TeamsEndpoint
{
    private static readonly TimeSpan RememberActivityIdsFor = TimeSpan.FromDays(1);

    public static async Task<IResult> ReceiveAsync(HttpContext http, BotAuthenticator auth, TeamsBot bot, IDocumentBags store,
        IOptionsMonitor<TeamsOptions> options, IOptionsMonitor<TeamsChannelOptions> channel, RecentInvokes recent, TimeProvider clock, ILoggerFactory logs)
    {
        var log = logs.CreateLogger(typeof(TeamsEndpoint).FullName!);
        var ct = http.RequestAborted;
        if (options.CurrentValue.LocalMode && ThisMachine.WhyNot(http) is { } notLocal)
        {
            log.LogWarning("Refused an activity from {Remote}: MicrosoftAppId is empty (local mode), so only this machine may post to /api/messages, and {Reason}",
                http.Connection.RemoteIpAddress, notLocal);
            return TypedResults.Unauthorized();
        }

        Activity? activity;
        try { activity = await JsonSerializer.DeserializeAsync<Activity>(http.Request.Body, ActivityJson.Options, ct); }
        catch (JsonException) { activity = null; }
        if (activity?.Type is not { Length: > 0 }) return TypedResults.BadRequest();

        var outcome = await auth.AuthenticateAsync(http.Request.Headers.Authorization.ToString(), activity, ct);
        if (!outcome.Ok)
        {
            log.LogWarning("Refused a {Type} activity from {Remote}: {Reason}", activity.Type, http.Connection.RemoteIpAddress, outcome.Failure);
            return TypedResults.Unauthorized();
        }
        if (channel.CurrentValue.AllowedTenants is { Count: > 0 } tenants && !tenants.Contains(activity.TenantId ?? "", StringComparer.OrdinalIgnoreCase))
        {
            log.LogWarning("Refused a {Type} activity from tenant {Tenant}: not in Teams:AllowedTenants", activity.Type, activity.TenantId);
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }

        // Teams redelivers when an answer is slow; the second copy must not accept a lead or post a reply again. An invoke
        // (a card button) only runs an idempotent step and answers with a card, so an in-memory window is enough for it;
        // a message may post a reply, which only a durable mark keeps from being posted twice after a restart.
        if (activity.Id is { Length: > 0 } id && !FirstTime($"teams:{activity.ChannelId}:{activity.Conversation?.Id}:{id}", activity, recent, store, clock))
        {
            log.LogInformation("Ignored a repeated {Type} activity {Id}", activity.Type, id);
            // A repeated click still needs a card back, or Teams shows an error: the lead as it is now, nothing done twice.
            return await bot.RepeatedInvokeAsync(activity, ct) is { } again ? TypedResults.Json(again, ActivityJson.Options) : TypedResults.Ok();
        }

        var answer = await bot.HandleAsync(activity, ct);
        return answer.Body is { } body
            ? TypedResults.Json(body, ActivityJson.Options, statusCode: answer.Status)
            : TypedResults.StatusCode(answer.Status);
    }

    private static bool FirstTime(string key, Activity activity, RecentInvokes recent, IDocumentBags store, TimeProvider clock) =>
        activity.Type == Activity.Types.Invoke ? recent.FirstTime(key) : store.TryMarkOnce(key, clock.GetUtcNow(), RememberActivityIdsFor);
}
