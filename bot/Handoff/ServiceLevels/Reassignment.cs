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
    /// The step after a rejection, per Handoff:AfterReject, as a versioned change of the rejected lead. It runs as its own
    /// step after the rejection (the rep's answer and the card show "rejected by …" first); the scheduler finds every
    /// rejected lead on each run, so a crash between the two steps loses nothing. The rejected card is not updated again:
    /// it keeps saying who rejected it and why.
    /// </summary>
    public LeadChange AfterReject(Lead rejected, DateTimeOffset now)
    {
        var lead = rejected with { Version = rejected.Version + 1, UpdatedAt = now };
        const string channel = LeadEvent.Channels.System;
        if (options.CurrentValue.AfterReject == AfterRejectModes.Nurture)
            return ToNurture(lead, now, "rejected by sales; Handoff:AfterReject sends rejected leads to nurture");
        var team = router.Team(lead.Team);
        if (team is { Mode: RoutingModes.RoundRobin } && offers.NextRep(team, lead) is { } rep)
        {
            var (offered, ev, message) = offers.OfferTo(lead, team, rep, now, $"re-offered within {team.Name} after a rejection", channel);
            return new LeadChange(offered, [ev], [message]);
        }
        return ToFallback(lead, now, "rejected", channel, updateCards: false)
            ?? ToNurture(lead, now, $"rejected by {lead.Team}, the fallback team, so no team is left to offer it to");
    }

    /// <summary>The lead offered to the fallback team, with a "reassigned" event; null when it is already there (or no team is configured). The version is the caller's.</summary>
    public LeadChange? ToFallback(Lead lead, DateTimeOffset now, string why, string channel, bool updateCards = true)
    {
        if (router.Fallback is not { } fallback || string.Equals(lead.Team, fallback.Name, StringComparison.OrdinalIgnoreCase)) return null;
        var moved = new LeadEvent
        {
            LeadId = lead.Id, At = now, Type = Reassigned, From = lead.State.Name(), Channel = channel,
            Reason = $"{why} by {lead.Team}; moved to {fallback.Name}, the fallback team",
        };
        var (offered, ev, message) = offers.Offer(lead with { OfferedTo = null }, fallback, now, $"reassigned from {lead.Team}: {why}", channel);
        return new LeadChange(offered, [moved, ev], updateCards ? [message, CardUpdates.For(lead, now)] : [message]);
    }

    private static LeadChange ToNurture(Lead lead, DateTimeOffset now, string reason)
    {
        var ev = new LeadEvent { LeadId = lead.Id, At = now, Type = LeadState.Nurture.Name(), From = lead.State.Name(), Reason = reason };
        return new LeadChange(lead with { State = LeadState.Nurture, OfferedTo = null }, [ev]);
    }
}
