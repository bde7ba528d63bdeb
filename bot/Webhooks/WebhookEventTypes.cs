using LeadBot.Handoff.ServiceLevels;
using LeadBot.Leads;

namespace LeadBot.Webhooks;

/// <summary>The event types receivers subscribe to, and which step of a lead's history each one reports.</summary>
public static class WebhookEventTypes
{
    public const string Received = "lead.received";
    public const string Qualified = "lead.qualified";
    public const string NotQualified = "lead.not_qualified";
    public const string Offered = "lead.offered";
    public const string Accepted = "lead.accepted";
    public const string Rejected = "lead.rejected";
    public const string Escalated = "lead.escalated";
    public const string Reassigned = "lead.reassigned";
    public const string Outcome = "lead.outcome";
    public const string Erased = "lead.erased";
    /// <summary>A new version of the marketing–sales agreement is in force (bot/Agreement); about no lead.</summary>
    public const string AgreementChanged = "agreement.changed";

    public static readonly IReadOnlyList<string> All =
        [Received, Qualified, NotQualified, Offered, Accepted, Rejected, Escalated, Reassigned, Outcome, Erased, AgreementChanged];

    /// <summary>
    /// History event type → webhook type. Steps not listed (updated, reminded, managers-notified) are not sent; erasure
    /// sends lead.erased through <see cref="WebhookErasure"/>, not through a lifecycle write.
    /// </summary>
    private static readonly Dictionary<string, string> ByHistoryType = new(StringComparer.Ordinal)
    {
        [LeadState.Received.Name()] = Received,
        [LeadState.Qualified.Name()] = Qualified,
        [LeadState.Offered.Name()] = Offered,
        [SlaTimers.Events.Reoffered] = Offered,
        [LeadState.Accepted.Name()] = Accepted,
        [LeadState.Rejected.Name()] = Rejected,
        [SlaTimers.Events.Escalated] = Escalated,
        [Reassignment.Reassigned] = Reassigned,
    };

    /// <summary>The webhook type that reports <paramref name="e"/>, or null when receivers are not told about it.</summary>
    public static string? Of(LeadEvent e)
    {
        if (ByHistoryType.TryGetValue(e.Type, out var type)) return type;
        if (LeadStates.TryParse(e.Type, out var state) && Lifecycle.Outcomes.Contains(state)) return Outcome;
        // Nurture at intake (or on a re-check of a nurture lead) means the criteria failed; nurture after a rejection
        // is Handoff:AfterReject's bookkeeping, already reported as lead.rejected.
        if (e.Type == LeadState.Nurture.Name() && e.From is not null && e.From != LeadState.Rejected.Name()) return NotQualified;
        return null;
    }
}
