using LeadBot.Storage;

namespace LeadBot.Channels.Teams;

/// <summary>
/// What proactive posting needs about a place the bot is installed: conversation id, serviceUrl and tenant id
/// (all three; the serviceUrl can change, so every inbound activity refreshes it).
/// </summary>
public sealed record ConversationRef(
    string ConversationId, string ServiceUrl, string? TenantId, string Kind,
    string? TeamId, string? TeamName, string? ChannelId, string? BotId,
    string? UserId, string? UserAadObjectId, DateTimeOffset UpdatedAt, bool Installed = true, bool Greeted = false)
{
    public const string Personal = "personal", Channel = "channel", GroupChat = "groupChat";
}

/// <summary>A Teams user as the bot has met them: the per-bot "29:" id, the Entra object id and, once looked up, the email.</summary>
public sealed record TeamsUser(string AadObjectId, string UserId, string? Email, string? Name, string? TenantId, string ServiceUrl, DateTimeOffset SeenAt);

public sealed class TeamsConversations(ILeadStore store)
{
    public const string Bag = "teams-conversations", UserBag = "teams-users";

    public ConversationRef? Find(string conversationId) => store.Get<ConversationRef>(Bag, conversationId);

    public IReadOnlyList<ConversationRef> All() => store.List<ConversationRef>(Bag);

    public void Remember(ConversationRef reference) => store.Put(Bag, reference.ConversationId, reference);

    /// <summary>The thread part of a channel conversation id ("19:…;messageid=123") is not the channel itself.</summary>
    public static string ChannelOf(string conversationId) => conversationId.Split(";messageid=", 2)[0];

    public TeamsUser? User(string aadObjectId) => store.Get<TeamsUser>(UserBag, aadObjectId.ToLowerInvariant());

    public TeamsUser? UserByEmail(string email) =>
        store.List<TeamsUser>(UserBag).FirstOrDefault(u => string.Equals(u.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));

    public void RememberUser(TeamsUser user) => store.Put(UserBag, user.AadObjectId.ToLowerInvariant(), user);

    /// <summary>The personal chat already open with this user, if the bot has one.</summary>
    public ConversationRef? PersonalChatOf(string aadObjectId) => All().FirstOrDefault(c =>
        c.Kind == ConversationRef.Personal && c.Installed && string.Equals(c.UserAadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Where to send a proactive message in a tenant nobody has written from yet: the newest serviceUrl seen there.</summary>
    public string? ServiceUrlFor(string? tenantId) => All()
        .Where(c => tenantId is null || string.Equals(c.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
        .OrderByDescending(c => c.UpdatedAt).Select(c => c.ServiceUrl).FirstOrDefault();

    public string? AnyTenant() => All().OrderByDescending(c => c.UpdatedAt).Select(c => c.TenantId).FirstOrDefault(t => t is not null);
}
