using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadBot.Cards;
using LeadBot.Channels.Teams.Connector;
using LeadBot.Commands;
using LeadBot.Handoff.Delivery;
using LeadBot.Routing;

namespace LeadBot.Channels.Teams;

/// <summary>The HTTP answer to one activity: a status and, for invokes, a JSON body.</summary>
public sealed record TeamsAnswer(int Status, JsonObject? Body = null)
{
    public static readonly TeamsAnswer Ok = new(StatusCodes.Status200OK);
}

/// <summary>
/// What LeadBot does with each kind of activity: remembers where it is installed, runs chat commands, and turns
/// card buttons into lifecycle steps. Only this class and its neighbours know Bot Framework words.
/// </summary>
public sealed partial class TeamsBot(
    TeamsConversations conversations, TeamsPeople people, ChatCommands commands, CardActions cards,
    Subscriptions subscriptions, ConnectorClient connector, TimeProvider clock, ILogger<TeamsBot> log)
{
    public const string Platform = "teams";

    public async Task<TeamsAnswer> HandleAsync(Activity activity, CancellationToken ct)
    {
        Remember(activity);
        // Every activity, whatever its kind, tells who sent it: cards need the sender's Teams id to refresh for them.
        var sender = people.Learn(activity);
        switch (activity.Type)
        {
            case Activity.Types.ConversationUpdate or Activity.Types.InstallationUpdate:
                await InstalledAsync(activity, ct);
                return TeamsAnswer.Ok;
            case Activity.Types.Message:
                await MessageAsync(activity, sender, ct);
                return TeamsAnswer.Ok;
            case Activity.Types.Invoke:
                return await InvokeAsync(activity, sender, ct);
            default:
                // Reactions, typing, events we do not use: acknowledged, never an error.
                return TeamsAnswer.Ok;
        }
    }

    private async Task InstalledAsync(Activity activity, CancellationToken ct)
    {
        if (activity.BotWasRemoved)
        {
            if (activity.Conversation?.Id is { } id && conversations.Find(id) is { } known)
            {
                conversations.Remember(known with { Installed = false, UpdatedAt = clock.GetUtcNow() });
                subscriptions.Unsubscribe(Platform, known.ConversationId);
            }
            return;
        }
        if (!activity.BotWasAdded || activity.Conversation?.Id is not { } conversationId || activity.ServiceUrl is not { } serviceUrl) return;
        // Teams sends both conversationUpdate and installationUpdate for one install; greet once.
        if (conversations.Find(conversationId) is { Greeted: true }) return;
        await TrySendAsync(serviceUrl, conversationId, TeamsMessages.Message(ChatCommands.Help().View), ct);
        if (conversations.Find(conversationId) is { } reference) conversations.Remember(reference with { Greeted = true });
    }

    private async Task MessageAsync(Activity activity, TeamsUser? sender, CancellationToken ct)
    {
        if (activity.Conversation?.Id is not { } conversationId || activity.ServiceUrl is not { } serviceUrl) return;
        var actor = await people.ResolveAsync(activity, sender, ct);
        object reply;
        if (SubmittedAction(activity) is { } press)
        {
            var outcome = cards.Do(press, actor);
            reply = new Notice(outcome.Message ?? "Done.");
        }
        else
        {
            var text = WithoutMentions(activity);
            var context = new ChatContext(Platform, TeamsConversations.ChannelOf(conversationId), activity.IsPersonal, actor);
            var answer = commands.Handle(context, text);
            reply = answer.View;
            // Teams has no "only you can see this" in a channel: a private answer goes to the 1:1 chat, or nowhere.
            if (answer.Private && !activity.IsPersonal)
                reply = await TryDirectAsync(activity, TeamsMessages.Message(reply), ct)
                    ? new Notice("I answered you in our private chat: that answer names people or carries contact details, which don't belong in a shared channel.")
                    : new Notice("That answer names people or carries contact details, so I only give it in a private chat, and I could not open one with you. Message me directly (install LeadBot for yourself) and ask again.");
        }
        var message = TeamsMessages.Message(reply);
        if (activity.Id is { } replyTo) await TryReplyAsync(serviceUrl, conversationId, replyTo, message, ct);
        else await TrySendAsync(serviceUrl, conversationId, message, ct);
    }

    private async Task<TeamsAnswer> InvokeAsync(Activity activity, TeamsUser? sender, CancellationToken ct)
    {
        switch (activity.Name)
        {
            case "adaptiveCard/action":
                var actor = await people.ResolveAsync(activity, sender, ct);
                return new TeamsAnswer(StatusCodes.Status200OK, cards.Execute(activity.Value, actor));
            case null or "":
                // Action.Submit with msteams.type "invoke": the card's data is the value.
                if (SubmittedAction(activity) is { } press) cards.Do(press, await people.ResolveAsync(activity, sender, ct));
                return TeamsAnswer.Ok;
            case "task/fetch" or "task/submit":
                return new TeamsAnswer(StatusCodes.Status200OK, new JsonObject
                {
                    ["task"] = new JsonObject { ["type"] = "message", ["value"] = "LeadBot has no dialogs; use the buttons on the lead card." },
                });
            default:
                return new TeamsAnswer(StatusCodes.Status501NotImplemented);
        }
    }

    /// <summary>The answer to a redelivered adaptiveCard/action: the card as it is now (a refresh), without repeating the step.</summary>
    public async Task<JsonObject?> RepeatedInvokeAsync(Activity activity, CancellationToken ct)
    {
        if (activity.Type != Activity.Types.Invoke || activity.Name != "adaptiveCard/action") return null;
        if (activity.Value?.TryGetProperty("action", out var action) != true || !action.TryGetProperty("data", out var data)) return null;
        if (CardAction.From(JsonNode.Parse(data.GetRawText()) as JsonObject, CardVerbs.Refresh) is not { } press) return null;
        var outcome = cards.Do(press, await people.ResolveAsync(activity, ct));
        return outcome.View is { } view
            ? TeamsMessages.CardResponse(TeamsMessages.Card(view, outcome.ForOwner))
            : TeamsMessages.MessageResponse(outcome.Message ?? "Done.");
    }

    private void Remember(Activity a)
    {
        if (a.Conversation?.Id is not { } id || a.ServiceUrl is not { } serviceUrl || a.ChannelId is null) return;
        var channelId = TeamsConversations.ChannelOf(id);
        var known = conversations.Find(channelId);
        var kind = a.Conversation.ConversationType ?? (a.ChannelData?.Channel is not null ? ConversationRef.Channel : ConversationRef.Personal);
        var personal = kind == ConversationRef.Personal;
        var reference = new ConversationRef(
            channelId, serviceUrl, a.TenantId ?? known?.TenantId, kind,
            a.ChannelData?.Team?.Id ?? known?.TeamId, a.ChannelData?.Team?.Name ?? known?.TeamName, a.ChannelData?.Channel?.Id ?? known?.ChannelId,
            a.Recipient?.Id, personal ? a.From?.Id ?? known?.UserId : null, personal ? a.From?.AadObjectId ?? known?.UserAadObjectId : null,
            clock.GetUtcNow(), Installed: !a.BotWasRemoved, Greeted: known?.Greeted ?? false);
        if (known is null || reference with { UpdatedAt = known.UpdatedAt } != known) conversations.Remember(reference);
    }

    private static CardAction? SubmittedAction(Activity a) =>
        a.Value is { ValueKind: JsonValueKind.Object } v && JsonNode.Parse(v.GetRawText()) is JsonObject data ? CardAction.From(data, null) : null;

    /// <summary>The text without the bot's own @mention(s), whitespace trimmed.</summary>
    public static string WithoutMentions(Activity a)
    {
        var text = a.Text ?? "";
        foreach (var e in a.Entities ?? [])
            if (e.Type == "mention" && e.Mentioned?.Id == a.Recipient?.Id && e.Text is { Length: > 0 } mention)
                text = text.Replace(mention, " ", StringComparison.Ordinal);
        // Some clients send the mention without a matching entity; an <at> tag left at the start is still the bot.
        text = LeadingAt().Replace(text, " ");
        return System.Net.WebUtility.HtmlDecode(text).Trim();
    }

    [GeneratedRegex(@"^\s*<at>[^<]*</at>", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingAt();

    /// <summary>Sends to the user's 1:1 chat; false when Teams will not open one (app not installed for them).</summary>
    private async Task<bool> TryDirectAsync(Activity a, JsonObject message, CancellationToken ct)
    {
        if (a.From?.Id is not { } userId || a.TenantId is not { } tenant || a.ServiceUrl is not { } serviceUrl) return false;
        try
        {
            var chat = await connector.CreatePersonalAsync(serviceUrl, userId, tenant, a.Recipient?.Id, ct);
            await connector.SendAsync(serviceUrl, chat.Id!, message, ct);
            return true;
        }
        catch (DeliveryException e)
        {
            log.LogInformation("Could not open a private chat with {User}: {Problem}", a.From.Name, e.Message);
            return false;
        }
    }

    // A reply that cannot be delivered must not turn into a 500: Teams would retry the whole activity.
    private async Task TrySendAsync(string serviceUrl, string conversationId, JsonObject message, CancellationToken ct)
    {
        try { await connector.SendAsync(serviceUrl, conversationId, message, ct); }
        catch (DeliveryException e) { log.LogWarning("Could not post to Teams conversation {Conversation}: {Problem}", conversationId, e.Message); }
    }

    private async Task TryReplyAsync(string serviceUrl, string conversationId, string replyTo, JsonObject message, CancellationToken ct)
    {
        try { await connector.ReplyAsync(serviceUrl, conversationId, replyTo, message, ct); }
        catch (DeliveryException e) { log.LogWarning("Could not reply in Teams conversation {Conversation}: {Problem}", conversationId, e.Message); }
    }
}
