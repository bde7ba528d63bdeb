using System.Text.Json.Serialization;

namespace LeadBot.Webhooks;

/// <summary>
/// The body of one webhook POST. No contact details: the receiver already holds them under
/// <see cref="WebhookLead.Source"/> + <see cref="WebhookLead.ExternalId"/>.
/// </summary>
public sealed record WebhookEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("lead")] WebhookLead? Lead = null,
    [property: JsonPropertyName("data")] object? Data = null);

public sealed record WebhookLead
{
    public required string Id { get; init; }
    public required string Source { get; init; }
    public required string ExternalId { get; init; }
    public required string State { get; init; }
    public string? Team { get; init; }
    /// <summary>The owning rep's email (a colleague, not the lead's contact).</summary>
    public string? Owner { get; init; }
    /// <summary>Why: the rejection reason code, the failed criteria, the escalation or reassignment reason.</summary>
    public string? Reason { get; init; }
    public string? Comment { get; init; }
    /// <summary>For lead.outcome: contacted, meeting, opportunity, won, lost or disqualified.</summary>
    public string? Outcome { get; init; }
    public decimal? Amount { get; init; }
}
