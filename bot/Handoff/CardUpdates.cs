using LeadBot.Handoff.Delivery;
using LeadBot.Storage;

namespace LeadBot.Handoff;

public static class CardUpdates
{
    /// <summary>One coalescing message per lead: however many changes happen before it is sent, the latest state is rendered once.</summary>
    public static OutboxMessage For(string leadId, DateTimeOffset now) => new()
    {
        Id = $"{OutboxMessage.Kinds.CardUpdate}:{leadId}", Kind = OutboxMessage.Kinds.CardUpdate, LeadId = leadId,
        Audience = Audiences.Posted, CreatedAt = now, DueAt = now,
    };
}
