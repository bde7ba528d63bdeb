using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Handoff.ServiceLevels;

/// <summary>Where a lead goes when its team did not take it: after a rejection, or when its service level ran out.</summary>
public sealed class Reassignment(Router router, Offers offers, IOptionsMonitor<HandoffOptions> options)
{
    public const string Reassigned = "reassigned";

    /// <summary>
    /// Extends a rejection with what Handoff:AfterReject asks for, in the same change, so a rejected lead is never left
    /// waiting for a second step that a crash could lose.
    /// </summary>
    public LeadChange AfterReject(LeadChange rejection, DateTimeOffset now, string channel)
    {
        var lead = rejection.Lead;
        if (options.CurrentValue.AfterReject == AfterRejectModes.Nurture)
            return ToNurture(rejection, now, "rejected by sales; Handoff:AfterReject sends rejected leads to nurture", channel);
        var team = router.Team(lead.Team);
        if (team is { Mode: RoutingModes.RoundRobin } && offers.NextRep(team, lead) is { } rep)
            return With(rejection, offers.OfferTo(lead, team, rep, now, $"re-offered within {team.Name} after a rejection", channel));
        return ToFallback(lead, now, "rejected", channel) is { } moved
            ? new LeadChange(moved.Lead, [.. rejection.Events, .. moved.Events], [.. rejection.Outbox ?? [], .. moved.Outbox ?? []])
            : ToNurture(rejection, now, $"rejected by {lead.Team}, the fallback team, so no team is left to offer it to", channel);
    }

    /// <summary>The lead offered to the fallback team, with a "reassigned" event; null when it is already there. The version is the caller's.</summary>
    public LeadChange? ToFallback(Lead lead, DateTimeOffset now, string why, string channel)
    {
        var fallback = router.Fallback;
        if (string.Equals(lead.Team, fallback.Name, StringComparison.OrdinalIgnoreCase)) return null;
        var moved = new LeadEvent
        {
            LeadId = lead.Id, At = now, Type = Reassigned, From = lead.State.Name(), Channel = channel,
            Reason = $"{why} by {lead.Team}; moved to {fallback.Name}, the fallback team",
        };
        var (offered, ev, message) = offers.Offer(lead with { OfferedTo = null }, fallback, now, $"reassigned from {lead.Team}: {why}", channel);
        return new LeadChange(offered, [moved, ev], [message, CardUpdates.For(lead.Id, now)]);
    }

    private static LeadChange With(LeadChange change, (Lead Lead, LeadEvent Event, OutboxMessage Message) offer) =>
        new(offer.Lead, [.. change.Events, offer.Event], [.. change.Outbox ?? [], offer.Message]);

    private static LeadChange ToNurture(LeadChange change, DateTimeOffset now, string reason, string channel)
    {
        var lead = change.Lead;
        var ev = new LeadEvent { LeadId = lead.Id, At = now, Type = LeadState.Nurture.Name(), From = lead.State.Name(), Channel = channel, Reason = reason };
        return change with { Lead = lead with { State = LeadState.Nurture, OfferedTo = null }, Events = [.. change.Events, ev] };
    }
}
