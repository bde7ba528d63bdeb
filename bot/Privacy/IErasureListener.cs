using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Privacy;

/// <summary>
/// A feature that must hear of an erasure (webhooks send <c>lead.erased</c>). Its messages are written in the same
/// transaction as the erasure, so they go out exactly when it happened. <paramref name="before"/> is the lead as it was
/// (a system of record knows it by source and external id); the messages must not carry its personal fields.
/// </summary>
public interface IErasureListener
{
    IEnumerable<OutboxMessage> Erased(Lead before, Lead after, LeadEvent erased);
}
