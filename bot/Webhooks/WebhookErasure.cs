using LeadBot.Leads;
using LeadBot.Privacy;
using LeadBot.Storage;

namespace LeadBot.Webhooks;

/// <summary>Erasure's hook: <c>lead.erased</c> to every receiver that wants it, in the erasure's own transaction.</summary>
public sealed class WebhookErasure(WebhookMessages messages) : IErasureListener
{
    public IEnumerable<OutboxMessage> Erased(Lead before, Lead after, LeadEvent erased) => messages.Erased(before, after, erased);
}
