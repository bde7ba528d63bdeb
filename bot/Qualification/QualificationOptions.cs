using Microsoft.Extensions.Options;

namespace LeadBot.Qualification;

/// <summary>What makes a marketing-qualified lead worth a rep's time. Empty lists mean "any".</summary>
public sealed class QualificationOptions
{
    public const string Section = "Qualification";

    public int MinScore { get; set; } = 70;
    public List<string> Industries { get; set; } = [];
    public int? MinEmployees { get; set; }
    public int? MaxEmployees { get; set; }
    public List<string> Countries { get; set; } = [];
    public List<string> Regions { get; set; } = [];
    /// <summary>Free-mail and other domains that never belong to a buying company.</summary>
    public List<string> ExcludedEmailDomains { get; set; } = [];
}

internal sealed class QualificationOptionsValidator : IValidateOptions<QualificationOptions>
{
    public ValidateOptionsResult Validate(string? name, QualificationOptions o)
    {
        var errors = new List<string>();
        if (o.MinScore is < 0 or > 100) errors.Add($"Qualification:MinScore must be between 0 and 100 (was {o.MinScore}).");
        if (o.MinEmployees < 0) errors.Add("Qualification:MinEmployees cannot be negative.");
        if (o.MinEmployees > o.MaxEmployees) errors.Add($"Qualification:MinEmployees ({o.MinEmployees}) is above MaxEmployees ({o.MaxEmployees}).");
        if (o.ExcludedEmailDomains.Any(d => d.Contains('@'))) errors.Add("Qualification:ExcludedEmailDomains holds domains (gmail.com), not addresses.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
