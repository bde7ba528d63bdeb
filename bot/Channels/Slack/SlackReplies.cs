using LeadBot.Cards;
using LeadBot.Commands;

namespace LeadBot.Channels.Slack;

/// <summary>Answers to one person, shared by events, interactions and commands: chat commands, the Home tab, private notes.</summary>
public sealed class SlackReplies(SlackUsers users, ChatCommands commands, SlackWebApi api)
{
    /// <summary>Runs a chat command for a Slack user; the text is what they typed, without the bot mention.</summary>
    public async Task<ChatReply> CommandAsync(string userId, string conversationId, string text, CancellationToken ct)
    {
        var actor = await users.ActorAsync(userId, ct);
        return commands.Handle(new ChatContext(SlackDelivery.PlatformName, conversationId, IsPersonal(conversationId), actor), text);
    }

    /// <summary>Same as <see cref="CommandAsync"/> but only when the user is known without a Web API call; null otherwise.</summary>
    public ChatReply? CommandNow(string userId, string conversationId, string text) =>
        users.Known(userId) is { } actor
            ? commands.Handle(new ChatContext(SlackDelivery.PlatformName, conversationId, IsPersonal(conversationId), actor), text)
            : null;

    /// <summary>Shows the user's open leads on their App Home tab (views.publish).</summary>
    public async Task PublishHomeAsync(string userId, CancellationToken ct)
    {
        var reply = await CommandAsync(userId, userId, "my leads", ct);
        await api.PublishViewAsync(userId, SlackRender.Home(reply.View), ct);
    }

    /// <summary>A note only this user sees: ephemeral where they acted (a channel or their DM with the bot), else a DM.</summary>
    public async Task TellAsync(string userId, string? channel, SlackMessage message, CancellationToken ct)
    {
        if (channel is { Length: > 0 })
        {
            try
            {
                await api.PostEphemeralAsync(channel, userId, message, ct);
                return;
            }
            catch (SlackApiException e) when (e.Permanent)
            {
                // Not in that channel any more (user_not_in_channel, channel_not_found): a DM still reaches them.
            }
        }
        await api.PostMessageAsync(await api.OpenDmAsync(userId, ct), message, null, ct);
    }

    /// <summary>DM channel ids start with D; user ids (App Home) with U or W.</summary>
    public static bool IsPersonal(string conversationId) => conversationId.StartsWith('D') || conversationId.StartsWith('U') || conversationId.StartsWith('W');
}
