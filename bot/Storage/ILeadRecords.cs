using LeadBot.Leads;

namespace LeadBot.Storage;

/// <summary>Leads and their histories: finding them, and writing a change with its events and outbox messages at once.</summary>
public interface ILeadRecords
{
    Lead? Find(string id);
    Lead? FindByKey(string source, string externalId);
    /// <summary>Which of these source+externalId keys (<see cref="Lead.Key"/>) are stored already.</summary>
    IReadOnlySet<string> ExistingKeys(IReadOnlyCollection<string> keys);
    IReadOnlyList<LeadEvent> History(string leadId);
    IReadOnlyList<Lead> FindLeads(LeadQuery query);
    /// <summary>
    /// One page of a scan over every lead in <paramref name="state"/>, in id order after <paramref name="after"/> (null:
    /// from the start), so a scan holds one page however many leads there are. A lead for which
    /// <paramref name="skip"/>(id, version) is true is passed over without being read: the caller already knows it has
    /// nothing to do for that version. <see cref="LeadPage.Next"/> is where the next page starts, null after the last.
    /// </summary>
    /// <param name="max">Leads examined in this page, skipped ones included.</param>
    LeadPage ScanLeads(LeadState state, string? after, int max, Func<string, int, bool>? skip = null);

    /// <summary>Open leads (accepted .. opportunity) owned by the rep; a kept count, whatever the rep's history.</summary>
    int CountOpenOwnedBy(string ownerEmail);

    /// <summary>
    /// Inserts each new lead with its events and outbox messages in one transaction. A lead whose source+externalId
    /// already exists is not inserted; its stored copy is returned instead so the caller can treat it as a repeat.
    /// </summary>
    IReadOnlyList<InsertResult> Insert(IReadOnlyList<LeadChange> changes);

    /// <summary>
    /// Writes the lead only if the stored copy still has <c>Version - 1</c> (a conditional update), with its events and
    /// outbox messages in the same transaction. False when somebody else changed the lead first: re-read and decide again.
    /// </summary>
    bool TryUpdate(LeadChange change);

    /// <summary>Appends events that change no lead state (reminders, escalations already reflected elsewhere).</summary>
    void Append(IReadOnlyList<LeadEvent> events, IReadOnlyList<OutboxMessage>? outbox = null);
}
