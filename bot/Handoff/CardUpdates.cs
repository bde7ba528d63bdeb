using LeadBot.Handoff.Delivery;
using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Handoff;

public static class CardUpdates
{
    /// <summary>
    /// One coalescing message per lead: however many changes happen before it is sent, the latest state is rendered once.
    /// Its audience names the team whose channel shows the card (the lead's team when the change happens), so the
    /// dispatcher paces it with that channel and a busy channel's updates never fill the queue other teams wait in.
    /// </summary>
    public static OutboxMessage For(Lead lead, DateTimeOffset now) => new()
    {
        Id = $"{OutboxMessage.Kinds.CardUpdate}:{lead.Id}", Kind = OutboxMessage.Kinds.CardUpdate, LeadId = lead.Id,
        Audience = Audiences.PostedIn(lead.Team), CreatedAt = now, DueAt = now,
    };
}
