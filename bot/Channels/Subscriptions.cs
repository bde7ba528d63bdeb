using LeadBot.Storage;

namespace LeadBot.Channels;

/// <summary>A chat conversation that receives one sales team's announcements ("subscribe EMEA"), or marketing's feedback ("subscribe marketing").</summary>
public sealed record Subscription(string Platform, string ConversationId, string Team, DateTimeOffset Since, string? SubscribedBy = null);

public sealed class Subscriptions(IDocumentBags store)
{
    public const string Bag = "subscriptions";
    public const string MarketingTeam = "marketing";

    private static string Key(string platform, string conversationId) => platform + ":" + conversationId;

    /// <summary>A conversation follows one team at a time; subscribing again moves it.</summary>
    public void Subscribe(Subscription subscription) => store.Put(Bag, Key(subscription.Platform, subscription.ConversationId), subscription);

    public bool Unsubscribe(string platform, string conversationId) => store.Remove(Bag, Key(platform, conversationId));

    public Subscription? Of(string platform, string conversationId) => store.Get<Subscription>(Bag, Key(platform, conversationId));

    public IReadOnlyList<Subscription> ForTeam(string platform, string team) =>
        store.List<Subscription>(Bag).Where(s => s.Platform == platform && string.Equals(s.Team, team, StringComparison.OrdinalIgnoreCase)).ToList();

    public IReadOnlyList<Subscription> All() => store.List<Subscription>(Bag);
}
