using Microsoft.Extensions.Options;

namespace LeadBot.Agreement;

/// <summary>
/// Marketing's side of the agreement as configured (<c>Agreement:LeadsPerMonth:&lt;team&gt;</c>), seeded into version 1
/// with the criteria and the Sla settings. Later changes come only through approved proposals.
/// </summary>
public sealed class AgreementOptions
{
    public const string Section = "Agreement";

    /// <summary>Qualified leads marketing promises each team per month, by team name.</summary>
    public Dictionary<string, int> LeadsPerMonth { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>The acceptance rate below which the agreement counts as broken (SiriusDecisions' 90 %).</summary>
    public double AcceptanceTarget { get; set; } = 0.9;
}

/// <summary>When the evidence is strong enough for the review to propose a change (<c>Criteria:Review</c>).</summary>
public sealed class CriteriaReviewOptions
{
    public const string Section = "Criteria:Review";

    /// <summary>A criterion value needs at least this many offered leads in the period before the review judges it.</summary>
    public int MinLeads { get; set; } = 20;
    /// <summary>Share of a value's leads rejected for the reason that criterion is about, at or above which a change is proposed.</summary>
    public double MinRejectShare { get; set; } = 0.6;
    /// <summary>Most leads the review reads for one period; more are reported as not counted.</summary>
    public int MaxLeads { get; set; } = 20_000;
    /// <summary>
    /// Cron (5 fields, in <see cref="TimeZone"/>) of the weekly review digest to the sales managers and marketing, over the
    /// 7 days before each slot; sent only when a change qualifies or a side missed its commitment. Empty: off.
    /// </summary>
    public string? Cron { get; set; }
    public string TimeZone { get; set; } = "UTC";
}

internal sealed class AgreementOptionsValidator : IValidateOptions<AgreementOptions>, IValidateOptions<CriteriaReviewOptions>
{
    public ValidateOptionsResult Validate(string? name, AgreementOptions o)
    {
        var errors = o.LeadsPerMonth.Where(kv => kv.Value < 0)
            .Select(kv => $"Agreement:LeadsPerMonth:{kv.Key} cannot be negative (was {kv.Value}).").ToList();
        if (o.AcceptanceTarget is <= 0 or > 1) errors.Add($"Agreement:AcceptanceTarget is a share between 0 and 1, such as 0.9 (was {o.AcceptanceTarget}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, CriteriaReviewOptions o)
    {
        var errors = new List<string>();
        if (o.MinLeads < 1) errors.Add($"Criteria:Review:MinLeads must be at least 1 (was {o.MinLeads}).");
        if (o.MinRejectShare is <= 0 or > 1) errors.Add($"Criteria:Review:MinRejectShare is a share between 0 and 1, such as 0.6 (was {o.MinRejectShare}).");
        if (o.MaxLeads < 1) errors.Add($"Criteria:Review:MaxLeads must be at least 1 (was {o.MaxLeads}).");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _)) errors.Add($"Criteria:Review:TimeZone '{o.TimeZone}' is not a known time zone (such as Europe/Berlin).");
        if (!string.IsNullOrWhiteSpace(o.Cron))
        {
            try { Cronos.CronExpression.Parse(o.Cron); }
            catch (Cronos.CronFormatException e) { errors.Add($"Criteria:Review:Cron '{o.Cron}' is not a cron expression (5 fields, such as \"0 9 * * 1\" for Mondays at 9:00): {e.Message}"); }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
