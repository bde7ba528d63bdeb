using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadBot.Intake;

/// <summary>
/// A lead as other systems send it to <c>POST /api/leads</c>: the public contract, so the names never change.
/// Numbers and dates arrive as raw JSON so a wrong type becomes a field error, not a failed request.
/// </summary>
public sealed record LeadInput
{
    public string? Source { get; init; }
    public string? ExternalId { get; init; }
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Title { get; init; }
    public string? Phone { get; init; }
    public CompanyInput? Company { get; init; }
    public JsonElement? Score { get; init; }
    public string? Campaign { get; init; }
    public JsonElement? QualifiedAt { get; init; }
    public string? Notes { get; init; }
    public Dictionary<string, JsonElement>? Attributes { get; init; }

    /// <summary>Fields nobody asked for: reported back so a typo ("emial") is not silently dropped.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}

public sealed record CompanyInput
{
    public string? Name { get; init; }
    public string? Domain { get; init; }
    public string? Industry { get; init; }
    public JsonElement? Employees { get; init; }
    public string? Country { get; init; }
    public string? Region { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}
