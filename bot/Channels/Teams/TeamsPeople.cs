using LeadBot.Cards;
using LeadBot.Channels.Teams.Connector;
using LeadBot.Handoff.Delivery;
using LeadBot.Routing;

namespace LeadBot.Channels.Teams;

/// <summary>
/// Who clicked or typed, as the roster knows people. Every inbound activity tells the sender's Teams id ("29:…") and
/// Entra object id, and both are remembered (<see cref="Learn"/>). Activities carry no email, so the first time
/// someone unknown by object id needs resolving, their email is asked from the Connector (one member lookup) and
/// remembered; reps configured by email alone are then found, can receive 1:1 messages and get their cards refreshed.
/// From then on that email belongs to that tenant + object id: another account showing it is not taken for them.
/// </summary>
public sealed class TeamsPeople(TeamsConversations conversations, Roster roster, ConnectorClient connector, TimeProvider clock, ILogger<TeamsPeople> log)
{
    private static readonly TimeSpan RetryLookupAfter = TimeSpan.FromHours(1);

    /// <summary>Remembers the sender's ids from any activity, without a remote call; null when the sender is not a user.</summary>
    public TeamsUser? Learn(Activity activity)
    {
        var from = activity.From;
        if (from?.Id is not { Length: > 0 } userId || from.AadObjectId is not { Length: > 0 } aad || userId.StartsWith("28:", StringComparison.Ordinal)) return null;
        var known = conversations.User(aad);
        var met = new TeamsUser(aad, userId, known?.Email, from.Name ?? known?.Name, activity.TenantId ?? known?.TenantId,
            activity.ServiceUrl ?? known?.ServiceUrl ?? "", clock.GetUtcNow(), known?.EmailLookedUpAt);
        if (known is not null && met with { SeenAt = known.SeenAt } == known) return known;
        conversations.RememberUser(met);
        return met;
    }

    public Task<Actor> ResolveAsync(Activity activity, CancellationToken ct) => ResolveAsync(activity, Learn(activity), ct);

    /// <summary>The sender as an <see cref="Actor"/>; <paramref name="met"/> is what <see cref="Learn"/> returned for this activity.</summary>
    public async Task<Actor> ResolveAsync(Activity activity, TeamsUser? met, CancellationToken ct)
    {
        var from = activity.From;
        if (met is null || from?.Id is null) return new Actor(DisplayName: from?.Name);

        var now = clock.GetUtcNow();
        var email = met.Email;
        var due = email is null && (met.EmailLookedUpAt is not { } asked || now - asked > RetryLookupAfter);
        var onRoster = roster.Find(new Actor(TeamsAadObjectId: met.AadObjectId)) is not null;
        if (!onRoster && due && activity.ServiceUrl is { } serviceUrl && activity.Conversation?.Id is { } conversationId)
        {
            try
            {
                var member = await connector.GetMemberAsync(serviceUrl, conversationId, from.Id, ct);
                email = member?.Email ?? member?.UserPrincipalName;
            }
            catch (DeliveryException e)
            {
                log.LogInformation("Could not look up the email of Teams user {Aad}: {Problem}", met.AadObjectId, e.Message);
            }
            met = met with { Email = email, EmailLookedUpAt = now };
            conversations.RememberUser(met);
        }
        if (email is not null && conversations.EmailBelongsToAnother(email, met.AadObjectId, met.TenantId))
        {
            // Someone else was seen with this address first: matching by it would let this account act as them.
            log.LogWarning("Teams user {Aad} in tenant {Tenant} shows the email {Email}, which belongs to another Teams user LeadBot already knows; not matched by email",
                met.AadObjectId, met.TenantId, email);
            email = null;
        }
        return new Actor(Email: email, TeamsAadObjectId: met.AadObjectId, DisplayName: from.Name);
    }
}

/// <summary>What the Teams channel learnt about people, for cards: the "29:" id (and the Entra object id of reps configured by email).</summary>
public sealed class TeamsKnownPeople(TeamsConversations conversations) : IKnownPeople
{
    public PersonView Complete(PersonView person)
    {
        var met = (person.TeamsAadObjectId is { Length: > 0 } aad ? conversations.User(aad) : null)
            ?? (person.Email is { Length: > 0 } email ? conversations.UserByEmail(email) : null);
        return met is null ? person : person with
        {
            TeamsAadObjectId = person.TeamsAadObjectId is { Length: > 0 } configured ? configured : met.AadObjectId,
            TeamsUserId = met.UserId,
        };
    }
}
