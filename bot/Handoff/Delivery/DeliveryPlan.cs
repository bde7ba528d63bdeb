using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;
using Kinds = LeadBot.Storage.OutboxMessage.Kinds;

namespace LeadBot.Handoff.Delivery;

/// <summary>Which card a recipient sees. Every platform draws a look from the same channel-neutral view.</summary>
public enum CardLook
{
    /// <summary>The lead as a shared channel sees it now: announced, accepted by someone, rejected, escalated.</summary>
    Channel,
    /// <summary>The owner's card: contact details, and the outcome buttons while the lead is open.</summary>
    Owner,
    /// <summary>The owner's reminder that no outcome is recorded yet, with the outcome buttons.</summary>
    Reminder,
    /// <summary>The team's escalated card, its managers named.</summary>
    Escalation,
    /// <summary>The managers' note that an owner recorded no outcome even after a reminder.</summary>
    Overdue,
    /// <summary>Marketing's copy of the latest rejection (reason and comment), as the history has it.</summary>
    Rejection,
    /// <summary>A scheduled report (pipeline or feedback) from the message's payload: the card the chat command answers with.</summary>
    Digest,
    /// <summary>A proposed change of the agreement as it stands now, with Approve / Decline while pending.</summary>
    Proposal,
}

/// <summary>One card to deliver.</summary>
/// <param name="People">Who gets it privately: the rep, the team's managers, or, on a platform with no conversation
/// subscribed to marketing, the marketing roster.</param>
/// <param name="Slot">What each posted copy is recorded as: a place that has this slot already is skipped (a retry after a
/// crash), and card updates redraw a copy by its slot (<see cref="DeliveryPlan.OnUpdate"/>). Messages that can come
/// again for one lead (escalations, reminders, digests) get a slot of their own: "reminder#&lt;message id&gt;".</param>
public sealed record PlannedCard(Recipient To, CardLook Look, string Slot, IReadOnlyList<string> People);

/// <summary>An outbox message, planned.</summary>
/// <param name="Lead">The lead as it is now; null for a digest.</param>
/// <param name="Cards">Empty when the message has become moot (an escalation of a lead accepted meanwhile).</param>
/// <param name="Nowhere">No chat platform has anything to do: the lead is gone, or the message is not for chat (a webhook).</param>
/// <param name="Subject">What a message about no lead is about (a proposal id), so its copies can be found and redrawn.</param>
public sealed record Plan(OutboxMessage Message, Lead? Lead, IReadOnlyList<PlannedCard> Cards, bool Nowhere = false, string? Subject = null)
{
    /// <summary>What the posted copies are recorded under: the lead, the subject, or the message itself (digests).</summary>
    public string Key => Lead?.Id ?? Subject ?? Message.Id;
}

/// <summary>
/// Maps an outbox message, once, to its recipients and the card each sees, so Teams and Slack cannot disagree about
/// either: each platform then only finds the recipient's conversations, draws the look, sends and records.
/// </summary>
public sealed class DeliveryPlan(ILeadRecords leads, Router router, Roster roster, ILogger<DeliveryPlan> log)
{
    /// <summary>The slot a managers' reminder is recorded as; its copy is redrawn as the channel's card, not the owner's.</summary>
    public const string OverdueSlot = "overdue";

    /// <summary>The slot of every copy of a proposal card: a manager of two teams (and marketing) gets one copy, not one per audience.</summary>
    public const string ProposalSlot = "proposal";

    private static readonly HashSet<string> ChatKinds =
        [Kinds.Announce, Kinds.Offer, Kinds.Claimed, Kinds.Rejected, Kinds.Escalate, Kinds.Reminder, Kinds.Digest, Kinds.CardUpdate, Kinds.Proposal, Kinds.ProposalUpdate];

    /// <exception cref="DeliveryException">Permanent: an audience or a message no version of LeadBot writes; retrying cannot help.</exception>
    public Plan For(OutboxMessage message)
    {
        if (!ChatKinds.Contains(message.Kind)) return new Plan(message, null, [], Nowhere: true);
        var to = Audiences.Parse(message.Audience)
            ?? throw new DeliveryException($"LeadBot does not know the audience '{message.Audience}' of {message.Id}.", permanent: true);
        if (message.Kind == Kinds.Digest) return new Plan(message, null, [Card(to, CardLook.Digest, Repeating(message))]);
        if (message.Kind is Kinds.Proposal or Kinds.ProposalUpdate)
        {
            if (string.IsNullOrWhiteSpace(message.Payload))
                throw new DeliveryException($"'{message.Kind}' message {message.Id} names no proposal.", permanent: true);
            return new Plan(message, null, [Card(to, CardLook.Proposal, message.Kind == Kinds.Proposal ? ProposalSlot : "")], Subject: message.Payload.Trim());
        }
        if (message.LeadId is not { } leadId)
            throw new DeliveryException($"'{message.Kind}' message {message.Id} names no lead.", permanent: true);
        if (leads.Find(leadId) is not { } lead)
        {
            log.LogWarning("Outbox {Id}: lead {Lead} no longer exists", message.Id, leadId);
            return new Plan(message, null, [], Nowhere: true);
        }
        if (to is Recipient.PostedCards) return new Plan(message, lead, [Card(to, CardLook.Channel, "")]);
        var card = message.Kind switch
        {
            Kinds.Announce or Kinds.Offer => Card(to, CardLook.Channel, message.Kind),
            Kinds.Claimed => Card(to, CardLook.Owner, message.Kind),
            Kinds.Rejected => Card(to, CardLook.Rejection, message.Kind),
            // Somebody accepted the lead before its escalation went out: nobody needs to be told to act on it.
            Kinds.Escalate => lead.Owner is null ? Card(to, CardLook.Escalation, Repeating(message)) : null,
            // A reminder about a lead whose outcome was recorded meanwhile would say something false.
            Kinds.Reminder when lead.Owner is null || lead.State != LeadState.Accepted => null,
            Kinds.Reminder when to is Recipient.Managers => Card(to, CardLook.Overdue, OverdueSlot + "#" + message.Id),
            _ => Card(to, CardLook.Reminder, Repeating(message)),
        };
        if (card is null) log.LogInformation("Outbox {Id}: {Kind} of {Lead} is moot now (lead {State}); not posted", message.Id, message.Kind, lead.Id, lead.State.Name());
        return new Plan(message, lead, card is null ? [] : [card]);
    }

    /// <summary>How a copy posted with <paramref name="slot"/> looks after the lead changed; null to leave it as sent.</summary>
    public static CardLook? OnUpdate(string slot) => slot.Split('#')[0] switch
    {
        Kinds.Announce or Kinds.Offer or Kinds.Escalate or OverdueSlot => CardLook.Channel,
        Kinds.Claimed or Kinds.Reminder => CardLook.Owner,
        ProposalSlot => CardLook.Proposal,
        // A rejection told to marketing and a digest are records of their moment.
        _ => null,
    };

    private static string Repeating(OutboxMessage message) => message.Kind + "#" + message.Id;

    private PlannedCard Card(Recipient to, CardLook look, string slot) => new(to, look, slot, PeopleOf(to));

    private IReadOnlyList<string> PeopleOf(Recipient to) => to switch
    {
        Recipient.Rep rep => [rep.Email],
        Recipient.Managers managers => router.Team(managers.Team)?.Managers.Select(m => m.Email).ToList() ?? [],
        Recipient.Marketing => roster.All.Where(r => r.IsMarketing).Select(r => r.Email).ToList(),
        _ => [],
    };
}
