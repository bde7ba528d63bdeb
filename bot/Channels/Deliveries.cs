using LeadBot.Storage;

namespace LeadBot.Channels;

/// <summary>Where a lead's card was posted (Teams activity id, Slack ts), so later state changes update that message in place.</summary>
public sealed record PostedCard(string LeadId, string Platform, string ConversationId, string MessageId, string Kind, DateTimeOffset At, string? ServiceUrl = null);

public sealed class Deliveries(IDocumentBags store)
{
    public const string Bag = "posted-cards";

    private static string Key(string leadId, string platform, string conversationId, string kind) => $"{leadId}|{platform}|{conversationId}|{kind}";

    public PostedCard? Find(string leadId, string platform, string conversationId, string kind) =>
        store.Get<PostedCard>(Bag, Key(leadId, platform, conversationId, kind));

    public void Record(PostedCard card) => store.Put(Bag, Key(card.LeadId, card.Platform, card.ConversationId, card.Kind), card);

    public IReadOnlyList<PostedCard> ForLead(string leadId, string platform) =>
        store.List<PostedCard>(Bag, $"{leadId}|{platform}|");

    /// <summary>Every card of the lead on any platform that a card update rewrites in place (digests are not lead cards).</summary>
    public IReadOnlyList<PostedCard> UpdatableCards(string leadId) =>
        [.. store.List<PostedCard>(Bag, $"{leadId}|").Where(p => p.MessageId.Length > 0 && !p.Kind.StartsWith(OutboxMessage.Kinds.Digest, StringComparison.Ordinal))];
}
