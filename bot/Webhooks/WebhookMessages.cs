using System.Security.Cryptography;
using System.Text;
using LeadBot.Leads;
using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Webhooks;

/// <summary>
/// The hook every lifecycle write passes its change through: for each step of the change that a configured receiver
/// wants, one outbox message per receiver, written in the same transaction as the step itself. So an event is sent
/// if and only if its step was stored, and at least once (the outbox retries; the event id lets receivers drop repeats).
/// </summary>
public sealed class WebhookMessages(IOptionsMonitor<WebhookOptions> options)
{
    public const string Kind = "webhook";
    public const string AudiencePrefix = "webhook:";

    public static string AudienceOf(string url) => AudiencePrefix + url;

    public LeadChange With(LeadChange change)
    {
        var endpoints = options.CurrentValue.Endpoints;
        // An erased lead is never written through here again in practice (steps refuse it); if it were, say nothing.
        if (endpoints.Count == 0 || IsErased(change.Lead)) return change;
        var lead = change.Lead;
        List<OutboxMessage>? added = null;
        for (var i = 0; i < change.Events.Count; i++)
        {
            var e = change.Events[i];
            if (WebhookEventTypes.Of(e) is not { } type) continue;
            (added ??= []).AddRange(Messages(lead, i, type, e.At, Describe(lead, e, type)));
        }
        return added is null ? change : change with { Outbox = [.. change.Outbox ?? [], .. added] };
    }

    /// <summary>
    /// <c>lead.erased</c>, written by erasure (<see cref="WebhookErasure"/>) in its own transaction, after the store has
    /// dropped the lead's unsent messages. It names the lead by the source's own key (source + external id of the lead
    /// as it was), so the system of record can erase its copy too, and nothing else about the person.
    /// </summary>
    public IEnumerable<OutboxMessage> Erased(Lead before, Lead after, LeadEvent erased)
    {
        var lead = new WebhookLead { Id = after.Id, Source = before.Source, ExternalId = before.ExternalId, State = after.State.Name() };
        return Messages(after, 0, WebhookEventTypes.Erased, erased.At, lead);
    }

    /// <summary>
    /// An event about no lead (<c>agreement.changed</c>): one message per receiver that wants it, for the caller to write
    /// in the transaction of the change. <paramref name="eventId"/> must name the change, so a repeat is the same event.
    /// </summary>
    public IReadOnlyList<OutboxMessage> About(string type, string eventId, DateTimeOffset at, object data) =>
        [.. Messages(null, eventId, new WebhookEvent(eventId, type, at, Data: data))];

    private IEnumerable<OutboxMessage> Messages(Lead lead, int index, string type, DateTimeOffset at, WebhookLead described)
    {
        var eventId = $"{lead.Id}.{lead.Version}.{index}";
        return Messages(lead.Id, eventId, new WebhookEvent(eventId, type, at, described));
    }

    private IEnumerable<OutboxMessage> Messages(string? leadId, string eventId, WebhookEvent sent)
    {
        var wanting = options.CurrentValue.Endpoints.Where(w => w.Wants(sent.Type)).ToList();
        if (wanting.Count == 0) return [];
        var body = StoreJson.Write(sent);
        return wanting.Select(w => new OutboxMessage
        {
            Id = $"{Kind}:{eventId}:{Short(w.Url)}", Kind = Kind, LeadId = leadId, Audience = AudienceOf(w.Url), Payload = body, CreatedAt = sent.At, DueAt = sent.At,
        });
    }

    public static bool IsErased(Lead lead) => lead.ErasedAt is not null;

    private static WebhookLead Describe(Lead lead, LeadEvent e, string type) => new()
    {
        Id = lead.Id, Source = lead.Source, ExternalId = lead.ExternalId,
        // The state this step moved the lead to; several steps written together (received → qualified → offered) each say their own.
        State = LeadStates.TryParse(e.Type, out var state) ? state.Name() : lead.State.Name(),
        Team = lead.Team,
        Owner = lead.Owner?.Email,
        Reason = e.Reason, Comment = e.Comment,
        Outcome = type == WebhookEventTypes.Outcome ? e.Type : null,
        Amount = type == WebhookEventTypes.Outcome ? lead.Amount : null,
    };

    /// <summary>Eight hex digits of the URL's hash: one event to two receivers is two messages with distinct ids.</summary>
    private static string Short(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..8];
}
