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
        if (endpoints.Count == 0) return change;
        var lead = change.Lead;
        // Erasure (bot/Privacy) writes an "erased" event: that change sends lead.erased and nothing else, and no later one sends anything.
        var erasing = change.Events.Any(e => e.Type == WebhookEventTypes.ErasedEvent);
        if (!erasing && IsErased(lead)) return change;
        List<OutboxMessage>? added = null;
        for (var i = 0; i < change.Events.Count; i++)
        {
            var e = change.Events[i];
            if (WebhookEventTypes.Of(e) is not { } type || (erasing && type != WebhookEventTypes.Erased)) continue;
            var wanting = endpoints.Where(w => w.Wants(type)).ToList();
            if (wanting.Count == 0) continue;
            var body = StoreJson.Write(new WebhookEvent($"{lead.Id}.{lead.Version}.{i}", type, e.At, Describe(lead, e, type)));
            foreach (var w in wanting)
            {
                (added ??= []).Add(new OutboxMessage
                {
                    Id = $"{Kind}:{lead.Id}.{lead.Version}.{i}:{Short(w.Url)}", Kind = Kind, LeadId = lead.Id,
                    Audience = AudienceOf(w.Url), Payload = body, CreatedAt = e.At, DueAt = e.At,
                });
            }
        }
        return added is null ? change : change with { Outbox = [.. change.Outbox ?? [], .. added] };
    }

    /// <summary>
    /// Intake refuses a lead with neither email nor phone, and erasure removes both: so a stored lead without either has
    /// been erased, whichever way erasure marks it otherwise.
    /// </summary>
    public static bool IsErased(Lead lead) => lead.Email is null && lead.Phone is null;

    private static WebhookLead Describe(Lead lead, LeadEvent e, string type) => new()
    {
        Id = lead.Id, Source = lead.Source, ExternalId = lead.ExternalId,
        // The state this step moved the lead to; several steps written together (received → qualified → offered) each say their own.
        State = LeadStates.TryParse(e.Type, out var state) ? state.Name() : lead.State.Name(),
        Team = type == WebhookEventTypes.Erased ? null : lead.Team,
        Owner = type == WebhookEventTypes.Erased ? null : lead.Owner?.Email,
        Reason = e.Reason, Comment = e.Comment,
        Outcome = type == WebhookEventTypes.Outcome ? e.Type : null,
        Amount = type == WebhookEventTypes.Outcome ? lead.Amount : null,
    };

    /// <summary>Eight hex digits of the URL's hash: one event to two receivers is two messages with distinct ids.</summary>
    private static string Short(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..8];
}
