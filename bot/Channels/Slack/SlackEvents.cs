using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LeadBot.Channels.Slack;

/// <summary>
/// Events API: url_verification, app_mention and message.im (the chat commands), app_home_opened (the Home tab).
/// Acknowledged at once; the answers are posted from <see cref="SlackWork"/>.
/// </summary>
public sealed partial class SlackEvents(SlackInbound inbound, SlackWork work, SlackReplies replies, SlackWebApi api, ILogger<SlackEvents> log)
{
    public IResult Handle(JsonObject body)
    {
        switch ((string?)body["type"])
        {
            case "url_verification":
                return Results.Text((string?)body["challenge"] ?? "", "text/plain");
            case "event_callback" when body["event"] is JsonObject ev:
                if (inbound.FirstTime("event", (string?)body["event_id"])) Dispatch(ev, BotUserId(body));
                return Results.Ok();
            default:
                return Results.Ok();
        }
    }

    private void Dispatch(JsonObject ev, string? botUserId)
    {
        var type = (string?)ev["type"];
        var user = (string?)ev["user"];
        var channel = (string?)ev["channel"];
        if (user is null || channel is null) return;
        // Our own posts (and other bots') come back as events too: answering them would loop.
        if (ev["bot_id"] is not null || user == botUserId) return;
        switch (type)
        {
            case "app_mention":
                Command(user, channel, (string?)ev["text"], botUserId, (string?)ev["thread_ts"]);
                break;
            case "message" when (string?)ev["channel_type"] == "im" && ev["subtype"] is null:
                Command(user, channel, (string?)ev["text"], botUserId, null);
                break;
            case "app_home_opened" when (string?)ev["tab"] == "home":
                work.Enqueue("app_home_opened", ct => replies.PublishHomeAsync(user, ct));
                break;
            default:
                log.LogDebug("Ignoring Slack event {Type}", type);
                break;
        }
    }

    private void Command(string user, string channel, string? rawText, string? botUserId, string? threadTs)
    {
        var text = SlackRender.Unescape(Mention().Replace(rawText ?? "", m => botUserId is null || m.Groups["id"].Value == botUserId ? " " : m.Value)).Trim();
        work.Enqueue("chat command", async ct =>
        {
            var reply = await replies.CommandAsync(user, channel, text, ct);
            var message = SlackRender.Reply(reply.View);
            if (reply.Ephemeral && !SlackReplies.IsPersonal(channel)) await api.PostEphemeralAsync(channel, user, message, ct);
            else await api.PostMessageAsync(channel, message, threadTs, ct);
        });
    }

    /// <summary>The bot user the event was delivered to (authorizations[].user_id with is_bot).</summary>
    private static string? BotUserId(JsonObject body) =>
        (body["authorizations"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(a => a["is_bot"]?.GetValue<bool>() == true)?["user_id"]?.GetValue<string>();

    [GeneratedRegex(@"<@(?<id>[UW][A-Z0-9]+)(\|[^>]*)?>")]
    private static partial Regex Mention();
}
