namespace LeadBot.Intake.Mappings;

/// <summary>
/// How another system's payload becomes a LeadBot lead: <see cref="Fields"/> maps dotted source paths to LeadBot fields
/// (<c>"properties.email.value": "email"</c>), <see cref="Fixed"/> sets fields to constants (<c>"source": "hubspot"</c>),
/// <see cref="Transforms"/> converts a field's value (<c>"score": "number"</c>). Fields of the payload that no path names
/// are not kept. An entry with a <see cref="Preset"/> starts from that preset and adds or overrides its own.
/// </summary>
public sealed class IntakeMapping
{
    /// <summary>hubspot or salesforce: start from that preset.</summary>
    public string? Preset { get; set; }
    /// <summary>Where the records are when one payload carries several (Salesforce: up to 100 notifications); none: the payload is one lead.</summary>
    public string? Records { get; set; }
    public Dictionary<string, string> Fields { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Fixed { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, string> Transforms { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>"salesforce-ack": answer with the SOAP acknowledgement Salesforce Outbound Messaging waits for.</summary>
    public string? Answer { get; set; }
}

/// <summary>What a mapping may write to, and the transforms it may apply.</summary>
public static class MappingTargets
{
    public static readonly IReadOnlyList<string> Fields =
    [
        "source", "externalId", "email", "firstName", "lastName", "title", "phone", "score", "campaign", "qualifiedAt", "notes",
        "company.name", "company.domain", "company.industry", "company.employees", "company.country", "company.region",
    ];

    public const string AttributesPrefix = "attributes.";
    public const string SalesforceAck = "salesforce-ack";

    public static bool IsTarget(string field) =>
        Fields.Contains(field, StringComparer.OrdinalIgnoreCase) || (field.StartsWith(AttributesPrefix, StringComparison.OrdinalIgnoreCase) && field.Length > AttributesPrefix.Length);
}
