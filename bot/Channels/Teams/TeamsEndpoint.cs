using System.Text.Json;
using LeadBot.Access;
using LeadBot.Channels.Teams.Auth;
using LeadBot.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace LeadBot.Channels.Teams;

/// <summary>
/// POST /api/messages: check the caller, then read, de-duplicate and hand to <see cref="TeamsBot"/>. Status codes
/// follow the Bot Framework SDK (400 no activity, 401 bad token, 200 handled, invoke status and body for invokes);
/// every refusal happens before anything is stored or sent.
/// </summary>
public static class TeamsEndpoint
{
    /// <summary>Teams' own limit on an inbound activity is far below this; anything larger is not from Teams.</summary>
    public const int MaxBodyBytes = 256 * 1024;
    private static readonly TimeSpan RememberActivityIdsFor = TimeSpan.FromDays(1);

    public static async Task<IResult> ReceiveAsync(HttpContext http, TeamsMode mode, BotAuthenticator auth, TeamsBot bot, IDocumentBags store,
        RecentInvokes recent, TimeProvider clock, ILoggerFactory logs)
    {
        var log = logs.CreateLogger(typeof(TeamsEndpoint).FullName!);
        var ct = http.RequestAborted;
        var remote = http.Connection.RemoteIpAddress;
        if (mode.Off) return TypedResults.NotFound();
        // A cross-site form post arrives as text/plain or a form: never an activity.
        if (!http.Request.HasJsonContentType()) return TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        if (mode.Local && ThisMachine.WhyNot(http) is { } notLocal)
        {
            log.LogWarning("Refused an activity from {Remote}: MicrosoftAppId is empty (local mode), so only this machine may post to /api/messages, and {Reason}", remote, notLocal);
            return TypedResults.Unauthorized();
        }

        // The token is checked before the body is read, so a stranger cannot make the bot read or parse anything.
        var verified = await auth.VerifyAsync(http.Request.Headers.Authorization.ToString(), ct);
        if (!verified.Outcome.Ok)
        {
            log.LogWarning("Refused an activity from {Remote}: {Reason}", remote, Logged.Truncate(verified.Outcome.Failure));
            return TypedResults.Unauthorized();
        }

        var (activity, tooLarge) = await ReadAsync(http, ct);
        if (tooLarge)
        {
            log.LogWarning("Refused an activity from {Remote}: the body is over {Max} bytes", remote, MaxBodyBytes);
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        if (activity?.Type is not { Length: > 0 }) return TypedResults.BadRequest();

        var outcome = BotAuthenticator.Matches(verified, activity);
        if (!outcome.Ok)
        {
            log.LogWarning("Refused a {Type} activity from {Remote}: {Reason}", Logged.Truncate(activity.Type), remote, Logged.Truncate(outcome.Failure));
            return TypedResults.Unauthorized();
        }
        if (!mode.AcceptsChannel(activity.ChannelId))
        {
            log.LogWarning("Refused a {Type} activity from channel {Channel}: LeadBot only talks to Teams", Logged.Truncate(activity.Type), Logged.Truncate(activity.ChannelId));
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }
        if (!mode.AcceptsTenant(activity.TenantId))
        {
            log.LogWarning("Refused a {Type} activity from tenant {Tenant}: not in Teams:AllowedTenants (or MicrosoftAppTenantId)", Logged.Truncate(activity.Type), Logged.Truncate(activity.TenantId));
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }

        // Teams redelivers when an answer is slow; the second copy must not accept a lead or post a reply again. An invoke
        // (a card button) only runs an idempotent step and answers with a card, so an in-memory window is enough for it;
        // a message may post a reply, which only a durable mark keeps from being posted twice after a restart.
        if (activity.Id is { Length: > 0 } id && !FirstTime($"teams:{activity.ChannelId}:{activity.Conversation?.Id}:{id}", activity, recent, store, clock))
        {
            log.LogInformation("Ignored a repeated {Type} activity {Id}", Logged.Truncate(activity.Type), Logged.Truncate(id));
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

    /// <summary>The activity, or tooLarge when the body passes <see cref="MaxBodyBytes"/> (declared or actual).</summary>
    private static async Task<(Activity? Activity, bool TooLarge)> ReadAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBodyBytes) return (null, true);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes) return (null, true);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return (null, true); }
        buffer.Position = 0;
        try { return (await JsonSerializer.DeserializeAsync<Activity>(buffer, ActivityJson.Options, ct), false); }
        catch (JsonException) { return (null, false); }
    }
}
