using System.Text.Json.Nodes;
using LeadBot.Channels.Teams.Connector;
using LeadBot.Handoff.Delivery;

namespace LeadBot.Channels.Teams;

/// <summary>
/// Delivers planned cards to Teams: channels subscribed to a team, 1:1 chats with people (opened when needed), and
/// in-place updates of every activity a lead's card was posted as.
/// </summary>
public sealed class TeamsDelivery(ChatDeliveryKit kit, ConnectorClient connector, TeamsConversations conversations, TeamsChats chats, ILogger<TeamsDelivery> log)
    : ChatDelivery<JsonObject>(kit, log)
{
    public override string Platform => TeamsBot.Platform;

    protected override Place? Channel(string conversationId) =>
        conversations.Find(conversationId) is { Installed: true } c ? new Place(c.ConversationId, c.ServiceUrl) : null;

    protected override async Task<Place?> PrivateChatAsync(string email, CancellationToken ct) =>
        await chats.PersonalChatAsync(email, ct) is { } chat ? new Place(chat.ConversationId, chat.ServiceUrl) : null;

    protected override Task<JsonObject> RenderAsync(CardShown card, CardLook look, Plan plan, CancellationToken ct)
    {
        var message = TeamsMessages.Message(card.View, card.ForOwner);
        if (card.Title is { } title) message["text"] = title;
        return Task.FromResult(message);
    }

    protected override async Task<Sent> PostAsync(Place place, JsonObject message, Plan plan, string slot, CancellationToken ct) =>
        new(place.ConversationId, await connector.SendAsync(place.ServiceUrl!, place.ConversationId, message, ct) ?? "");

    protected override async Task<bool> UpdateAsync(PostedCard posted, JsonObject message, CancellationToken ct)
    {
        if ((posted.ServiceUrl ?? conversations.Find(posted.ConversationId)?.ServiceUrl) is not { } serviceUrl) return false;
        await connector.UpdateAsync(serviceUrl, posted.ConversationId, posted.MessageId, message, ct);
        return true;
    }
}
