namespace LeadBot.Channels.Slack;

/// <summary>
/// The /leads slash command: the same chat commands as a mention or DM. A user the bot already knows gets the answer in
/// the HTTP response; otherwise the answer follows through response_url once users.info has said who they are.
/// </summary>
public sealed class SlackCommands(SlackInbound inbound, SlackWork work, SlackReplies replies, SlackWebApi api)
{
    public IResult Handle(IReadOnlyDictionary<string, string> form)
    {
        var user = form.GetValueOrDefault("user_id");
        var channel = form.GetValueOrDefault("channel_id");
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(channel)) return Results.Ok();
        if (!inbound.FirstTime("command", form.GetValueOrDefault("trigger_id"))) return Results.Ok();
        var text = SlackRender.Unescape(form.GetValueOrDefault("text") ?? "");

        if (replies.CommandNow(user, channel, text) is { } reply) return Results.Json(SlackRender.CommandAnswer(reply));
        if (form.GetValueOrDefault("response_url") is not { Length: > 0 } responseUrl) return Results.Ok();
        work.Enqueue("slash command", async ct =>
        {
            var later = await replies.CommandAsync(user, channel, text, ct);
            await api.RespondAsync(responseUrl, SlackRender.CommandAnswer(later), ct);
        });
        return Results.Ok();
    }
}
