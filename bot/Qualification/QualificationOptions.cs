using Microsoft.Extensions.Options;

namespace LeadBot.Qualification;

/// <summary>
/// What makes a marketing-qualified lead worth a rep's time, as configured. It seeds version 1 of the agreement
/// (bot/Agreement); after that the agreement's rules apply and a change here is only reported.
/// </summary>
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

    public QualificationRules ToRules() => new()
    {
        MinScore = MinScore, Industries = [.. Industries], MinEmployees = MinEmployees, MaxEmployees = MaxEmployees,
        Countries = [.. Countries], Regions = [.. Regions], ExcludedEmailDomains = [.. ExcludedEmailDomains],
    };
}

/// <summary>The qualification rules in force: one version of the agreement's criteria. Empty lists mean "any".</summary>
public sealed record QualificationRules
{
    public int MinScore { get; init; } = 70;
    public IReadOnlyList<string> Industries { get; init; } = [];
    public int? MinEmployees { get; init; }
    public int? MaxEmployees { get; init; }
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> Regions { get; init; } = [];
    public IReadOnlyList<string> ExcludedEmailDomains { get; init; } = [];

    /// <summary>Same rules, whatever the order or case of the list entries.</summary>
    public bool SameAs(QualificationRules other) =>
        MinScore == other.MinScore && MinEmployees == other.MinEmployees && MaxEmployees == other.MaxEmployees
        && SameSet(Industries, other.Industries) && SameSet(Countries, other.Countries) && SameSet(Regions, other.Regions)
        && SameSet(ExcludedEmailDomains, other.ExcludedEmailDomains);

    private static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Select(x => x.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(b.Select(x => x.Trim()));
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
