using Microsoft.Extensions.Options;

namespace LeadBot.Privacy;

/// <summary>
/// Retention (config section <c>Privacy</c>). Both periods are off by default: how long to keep leads is the
/// controller's decision, and a silently erasing default would destroy data nobody agreed to lose.
/// </summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Closed leads (won, lost, disqualified, rejected, nurture) are erased this long after their last change.</summary>
    public TimeSpan? EraseClosedLeadsAfter { get; set; }

    /// <summary>Leads nobody worked (received, qualified, offered, expired; never accepted) are erased this long after they arrived.</summary>
    public TimeSpan? EraseOpenLeadsAfter { get; set; }

    /// <summary>The UTC time of day of the daily privacy run (retention, then compaction of the store if anything was erased).</summary>
    public TimeOnly RunAt { get; set; } = new(3, 0);

    public bool RetentionOn => EraseClosedLeadsAfter is not null || EraseOpenLeadsAfter is not null;
}

internal sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    /// <summary>Shorter than a day would erase leads still being handed over; almost certainly a unit mistake ("730" read as minutes).</summary>
    internal static readonly TimeSpan Shortest = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        var errors = new List<string>();
        Check(nameof(PrivacyOptions.EraseClosedLeadsAfter), options.EraseClosedLeadsAfter);
        Check(nameof(PrivacyOptions.EraseOpenLeadsAfter), options.EraseOpenLeadsAfter);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Check(string key, TimeSpan? value)
        {
            if (value is { } v && v < Shortest)
                errors.Add($"Privacy:{key} is {v}; it must be at least one day (e.g. \"730.00:00:00\" for two years), or left out to keep leads.");
        }
    }
}
