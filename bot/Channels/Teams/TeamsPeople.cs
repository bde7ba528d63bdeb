using LeadBot.Channels.Teams.Connector;
using LeadBot.Routing;

namespace LeadBot.Channels.Teams;

/// <summary>
/// Who clicked or typed, as the roster knows people. Teams activities carry the user's Entra object id but not their
/// email, so the first time someone unknown by object id shows up, their email is asked from the Connector (one
/// member lookup) and remembered; reps configured by email alone are then found, and can receive 1:1 messages.
/// </summary>
public sealed class TeamsPeople(TeamsConversations conversations, Roster roster, ConnectorClient connector, TimeProvider clock, ILogger<TeamsPeople> log)
{
    private static readonly TimeSpan RetryLookupAfter = TimeSpan.FromHours(1);

    public async Task<Actor> ResolveAsync(Activity activity, CancellationToken ct)
    {
        var from = activity.From;
        var aad = from?.AadObjectId;
        if (from?.Id is null || string.IsNullOrEmpty(aad)) return new Actor(DisplayName: from?.Name);

        var known = conversations.User(aad);
        var onRoster = roster.Find(new Actor(TeamsAadObjectId: aad)) is not null;
        var email = known?.Email;
        var stale = known is null || (known.Email is null && clock.GetUtcNow() - known.SeenAt > RetryLookupAfter);
        if (!onRoster && stale && activity.ServiceUrl is { } serviceUrl && activity.Conversation?.Id is { } conversationId)
        {
            try
            {
                var member = await connector.GetMemberAsync(serviceUrl, conversationId, from.Id, ct);
                email = member?.Email ?? member?.UserPrincipalName;
            }
            catch (DeliveryException e)
            {
                log.LogInformation("Could not look up the email of Teams user {Aad}: {Problem}", aad, e.Message);
            }
        }
        if (known is null || stale || known.UserId != from.Id || known.ServiceUrl != activity.ServiceUrl)
            conversations.RememberUser(new TeamsUser(aad, from.Id, email, from.Name, activity.TenantId, activity.ServiceUrl ?? "", clock.GetUtcNow()));
        return new Actor(Email: email, TeamsAadObjectId: aad, DisplayName: from.Name);
    }
}
