using LeadBot.Handoff.Delivery;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;

namespace LeadBot.Handoff;

/// <summary>
/// Decides who a routed lead is offered to: the whole team channel (claim mode) or one rep with free capacity
/// (round-robin, skipping reps who are away, full, or who already rejected this lead).
/// </summary>
public sealed class Offers(ILeadStore store, Roster roster)
{
    public const string CursorBag = "round-robin-cursor";

    private sealed record Cursor(string Team, string LastRep);

    /// <summary>The lead moved to offered, with the event and the outbox message that deliver the offer.</summary>
    public (Lead Lead, LeadEvent Event, OutboxMessage Message) Offer(Lead lead, SalesTeamOptions team, DateTimeOffset now, string reason, string channel) =>
        OfferTo(lead, team, team.Mode == RoutingModes.RoundRobin ? NextRep(team, lead) : null, now, reason, channel);

    /// <summary>Offers to one rep, or with a null rep to the team channel (a round-robin team when nobody is free, or after its timeout).</summary>
    public (Lead Lead, LeadEvent Event, OutboxMessage Message) OfferTo(Lead lead, SalesTeamOptions team, Rep? rep, DateTimeOffset now, string reason, string channel)
    {
        var offered = lead with
        {
            State = LeadState.Offered,
            Team = team.Name,
            OfferedTo = rep?.Email,
            OfferedAt = now,
        };
        var to = rep is null ? $"the {team.Name} channel" : rep.Name;
        var ev = new LeadEvent
        {
            LeadId = lead.Id, At = now, Type = LeadState.Offered.Name(), From = lead.State.Name(), Channel = channel,
            Reason = reason, Details = [$"offered to {to}"],
        };
        var message = rep is null
            ? new OutboxMessage { Id = $"{OutboxMessage.Kinds.Announce}:{lead.Id}:{team.Name}", Kind = OutboxMessage.Kinds.Announce, LeadId = lead.Id, Audience = Audiences.Team(team.Name), CreatedAt = now, DueAt = now }
            : new OutboxMessage { Id = $"{OutboxMessage.Kinds.Offer}:{lead.Id}:{rep.Email.ToLowerInvariant()}", Kind = OutboxMessage.Kinds.Offer, LeadId = lead.Id, Audience = Audiences.Rep(rep.Email), CreatedAt = now, DueAt = now };
        return (offered, ev, message);
    }

    /// <summary>Round robin over the roster order, starting after the last rep offered a lead; null when nobody is free.</summary>
    public Rep? NextRep(SalesTeamOptions team, Lead lead)
    {
        var members = team.Members.Select(m => roster.FindByEmail(m.Email)).OfType<Rep>().ToList();
        if (members.Count == 0) return null;
        var cursor = store.Get<Cursor>(CursorBag, team.Name.ToLowerInvariant());
        var start = cursor is null ? 0 : members.FindIndex(m => string.Equals(m.Email, cursor.LastRep, StringComparison.OrdinalIgnoreCase)) + 1;
        for (var i = 0; i < members.Count; i++)
        {
            var rep = members[(start + i) % members.Count];
            if (lead.RejectedBy.Contains(rep.Email, StringComparer.OrdinalIgnoreCase)) continue;
            if (string.Equals(lead.OfferedTo, rep.Email, StringComparison.OrdinalIgnoreCase)) continue;
            if (roster.IsAway(rep.Email)) continue;
            if (store.CountOpenOwnedBy(rep.Email) >= roster.CapacityOf(rep.Email, team)) continue;
            store.Put(CursorBag, team.Name.ToLowerInvariant(), new Cursor(team.Name, rep.Email));
            return rep;
        }
        return null;
    }
}
