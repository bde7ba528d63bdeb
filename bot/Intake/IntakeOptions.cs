using LeadBot.Intake.Mappings;

namespace LeadBot.Intake;

public sealed class IntakeOptions
{
    public const string Section = "Intake";
    public const int MaxBodyBytes = 1024 * 1024;
    public const int MaxBatch = 1000;

    // The keys of Intake:ApiKeys (with their scopes) are read by LeadBot.Access.ApiKeyOptions: every surface uses them.

    /// <summary>Refuse a lead with a field LeadBot does not know (the behaviour before unknown fields became attributes).</summary>
    public bool RejectUnknownFields { get; set; }

    /// <summary>Named field mappings, selected with <c>?mapping=name</c>; the presets (hubspot, salesforce) need no entry.</summary>
    public Dictionary<string, IntakeMapping> Mappings { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
