using System.Collections.Concurrent;
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

/// <summary>
/// A Teams user as the bot has met them: the per-bot "29:" id (<c>from.id</c>; what cards' <c>refresh.userIds</c> and new
/// 1:1 chats take), the Entra object id and, once looked up, the email. <see cref="SeenAt"/> is when these ids last changed;
/// <see cref="EmailLookedUpAt"/> when the Connector was last asked for the email (null: never).
/// </summary>
public sealed record TeamsUser(string AadObjectId, string UserId, string? Email, string? Name, string? TenantId, string ServiceUrl, DateTimeOffset SeenAt,
    DateTimeOffset? EmailLookedUpAt = null);

/// <summary>Email → Entra object id, so a person configured by email is found without reading every user.</summary>
public sealed record TeamsUserEmail(string AadObjectId);

/// <summary>Entra object id → the bot's personal chat with that user, so a personal message does not read every conversation.</summary>
public sealed record TeamsPersonalChat(string ConversationId);

public sealed class TeamsConversations(IDocumentBags store, TimeProvider clock)
{
    /// <summary>
    /// Users and conversations are read on every activity (users again for every person on a card) and change rarely:
    /// they are kept in memory for a few minutes (replaced at once when this process learns something new; another
    /// instance's news arrives within the TTL).
    /// </summary>
    private static readonly TimeSpan CacheTtl = TimeSpan.FromMinutes(5);
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<string, (TeamsUser? User, DateTimeOffset ReadAt)> _users = new();
    private readonly ConcurrentDictionary<string, (string? Aad, DateTimeOffset ReadAt)> _emails = new();
    private readonly ConcurrentDictionary<string, (ConversationRef? Reference, DateTimeOffset ReadAt)> _conversations = new();
    private readonly ConcurrentDictionary<string, (string? ConversationId, DateTimeOffset ReadAt)> _personalChats = new();

    public const string Bag = "teams-conversations", UserBag = "teams-users", EmailBag = "teams-user-emails", PersonalChatBag = "teams-personal-chats";

    public ConversationRef? Find(string conversationId) => Cached(_conversations, conversationId, id => store.Get<ConversationRef>(Bag, id));

    public IReadOnlyList<ConversationRef> All() => store.List<ConversationRef>(Bag);

    public void Remember(ConversationRef reference)
    {
        store.Put(Bag, reference.ConversationId, reference);
        _conversations[reference.ConversationId] = (reference, clock.GetUtcNow());
        if (reference.Kind != ConversationRef.Personal || reference.UserAadObjectId is not { Length: > 0 } aad) return;
        store.Put(PersonalChatBag, aad.ToLowerInvariant(), new TeamsPersonalChat(reference.ConversationId));
        _personalChats[aad.ToLowerInvariant()] = (reference.ConversationId, clock.GetUtcNow());
    }

    /// <summary>The thread part of a channel conversation id ("19:…;messageid=123") is not the channel itself.</summary>
    public static string ChannelOf(string conversationId) => conversationId.Split(";messageid=", 2)[0];

    public TeamsUser? User(string aadObjectId) =>
        Cached(_users, aadObjectId.ToLowerInvariant(), key => store.Get<TeamsUser>(UserBag, key));

    public TeamsUser? UserByEmail(string email) =>
        string.IsNullOrWhiteSpace(email) || Cached(_emails, EmailKey(email), key => store.Get<TeamsUserEmail>(EmailBag, key)?.AadObjectId) is not { } aad ? null
        : User(aad) is { } user && string.Equals(user.Email, email.Trim(), StringComparison.OrdinalIgnoreCase) ? user : null;

    /// <summary>
    /// Remembers a user; their email is bound to them unless someone else (another tenant + object id) holds it and still
    /// has it: the first person seen with an email keeps it, so a second account showing the same address (a guest, another
    /// tenant's user, a renamed account) never receives that person's messages or acts as them.
    /// </summary>
    public void RememberUser(TeamsUser user)
    {
        var now = clock.GetUtcNow();
        store.Put(UserBag, user.AadObjectId.ToLowerInvariant(), user);
        _users[user.AadObjectId.ToLowerInvariant()] = (user, now);
        if (string.IsNullOrWhiteSpace(user.Email)) return;
        if (EmailBelongsToAnother(user.Email, user.AadObjectId, user.TenantId)) return;
        store.Put(EmailBag, EmailKey(user.Email), new TeamsUserEmail(user.AadObjectId));
        _emails[EmailKey(user.Email)] = (user.AadObjectId, now);
    }

    private T? Cached<T>(ConcurrentDictionary<string, (T? Value, DateTimeOffset ReadAt)> cache, string key, Func<string, T?> read)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(key, out var hit) && now - hit.ReadAt < CacheTtl) return hit.Value;
        var value = read(key);
        if (cache.Count >= MaxCached) cache.Clear(); // a crude bound: a tenant with more people than this only loses the shortcut
        cache[key] = (value, now);
        return value;
    }

    /// <summary>
    /// True when <paramref name="email"/> is bound to someone else (<see cref="RememberUser"/>): the first person seen
    /// with it, another tenant + Entra object id, while they still have it. Chat and the dashboard then do not match the
    /// asker by that address.
    /// </summary>
    public bool EmailBelongsToAnother(string email, string? aadObjectId, string? tenantId) =>
        UserByEmail(email) is { } holder
        && !(string.Equals(holder.AadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase)
             && (holder.TenantId is null || tenantId is null || string.Equals(holder.TenantId, tenantId, StringComparison.OrdinalIgnoreCase)));

    private static string EmailKey(string email) => email.Trim().ToLowerInvariant();

    /// <summary>
    /// The personal chat already open with this user, if the bot has one: by the user's Entra object id, as every
    /// personal message asks (reading every conversation each time grew with the number of reps).
    /// </summary>
    public ConversationRef? PersonalChatOf(string aadObjectId) =>
        Cached(_personalChats, aadObjectId.ToLowerInvariant(), key => store.Get<TeamsPersonalChat>(PersonalChatBag, key)?.ConversationId ?? Scan(key))
            is { } id && Find(id) is { Kind: ConversationRef.Personal, Installed: true } chat ? chat : null;

    /// <summary>Chats remembered before the personal-chat index existed are found by reading them all, once per user and TTL.</summary>
    private string? Scan(string aadObjectId) => All().FirstOrDefault(c =>
        c.Kind == ConversationRef.Personal && c.Installed && string.Equals(c.UserAadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase))?.ConversationId;

    /// <summary>Where to send a proactive message in a tenant nobody has written from yet: the newest serviceUrl seen there.</summary>
    public string? ServiceUrlFor(string? tenantId) => All()
        .Where(c => tenantId is null || string.Equals(c.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
        .OrderByDescending(c => c.UpdatedAt).Select(c => c.ServiceUrl).FirstOrDefault();

    public string? AnyTenant() => All().OrderByDescending(c => c.UpdatedAt).Select(c => c.TenantId).FirstOrDefault(t => t is not null);
}
