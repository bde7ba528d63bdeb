using LeadBot.Routing;
using LeadBot.Storage;

namespace LeadBot.Channels.Slack;

/// <summary>
/// Matches Slack users to the routing roster: by the SlackUserId configured for a rep, else by email, which Slack only
/// tells through users.info / users.lookupByEmail. Answers are cached in the store so a click does not cost a lookup.
/// </summary>
public sealed class SlackUsers(Roster roster, IDocumentBags store, SlackWebApi api, UnreachableNotices unreachable, TimeProvider clock, ILogger<SlackUsers> log)
{
    public const string Bag = "slack-users";
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(1);
    // A person not in Slack yet may join soon; ask again within the hour rather than tomorrow.
    public static readonly TimeSpan KeepMissingFor = TimeSpan.FromHours(1);

    /// <summary>A cached answer; <see cref="UserId"/> is null for an email nobody in the workspace has.</summary>
    public sealed record Entry(string? UserId, string? Email, string? Name, DateTimeOffset Until);

    /// <summary>The actor for a Slack user when it is known without asking Slack (roster id or cache); null otherwise.</summary>
    public Actor? Known(string userId)
    {
        if (roster.All.FirstOrDefault(r => r.SlackUserId == userId) is { } rep) return new Actor(rep.Email, null, userId, rep.Name);
        return Fresh("id:" + userId) is { } cached ? new Actor(cached.Email, null, userId, cached.Name) : null;
    }

    /// <summary>The actor for a Slack user, asking users.info for the email when needed. Never null: an unknown user stays unmatched.</summary>
    public async Task<Actor> ActorAsync(string userId, CancellationToken ct)
    {
        if (Known(userId) is { } known) return known;
        try
        {
            var user = await api.UserInfoAsync(userId, ct);
            Remember(user, KeepFor);
            return new Actor(user.Email, null, userId, user.Name);
        }
        catch (SlackApiException e)
        {
            log.LogWarning("Could not look up Slack user {User} ({Error}); treating them as not on the roster", userId, e.Error);
            return new Actor(null, null, userId, null);
        }
    }

    /// <summary>The Slack user id for a roster email: configured, cached, or found with users.lookupByEmail; null when not in Slack.</summary>
    public async Task<string?> UserIdForEmailAsync(string email, CancellationToken ct)
    {
        if (roster.FindByEmail(email)?.SlackUserId is { Length: > 0 } configured) return configured;
        var key = "email:" + email.Trim().ToLowerInvariant();
        if (Fresh(key) is { } cached) return cached.UserId;
        var user = await api.LookupByEmailAsync(email.Trim(), ct);
        if (user is null)
        {
            store.Put(Bag, key, new Entry(null, email, null, clock.GetUtcNow() + KeepMissingFor));
            return null;
        }
        Remember(user with { Email = user.Email ?? email }, KeepFor);
        return user.Id;
    }

    /// <summary>The DM channel with a roster person, opened if needed; null when they have no Slack account in this workspace.</summary>
    public async Task<string?> DirectMessageAsync(string email, CancellationToken ct)
    {
        if (await UserIdForEmailAsync(email, ct) is { } userId) return await api.OpenDmAsync(userId, ct);
        if (unreachable.ShouldSay("slack:no-account:" + email)) log.LogInformation("{Email} has no Slack account in this workspace; not messaged on Slack", email);
        return null;
    }

    private void Remember(SlackUser user, TimeSpan keepFor)
    {
        var entry = new Entry(user.Id, user.Email, user.Name, clock.GetUtcNow() + keepFor);
        store.Put(Bag, "id:" + user.Id, entry);
        if (user.Email is { Length: > 0 } email) store.Put(Bag, "email:" + email.Trim().ToLowerInvariant(), entry);
    }

    private Entry? Fresh(string key) => store.Get<Entry>(Bag, key) is { } e && e.Until > clock.GetUtcNow() ? e : null;
}
