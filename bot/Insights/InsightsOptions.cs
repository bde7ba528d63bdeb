using Cronos;
using Microsoft.Extensions.Options;

namespace LeadBot.Insights;

public sealed class InsightsOptions
{
    public const string Section = "Insights";

    /// <summary>HMAC key for chart URLs. Unset: one is generated on first start and kept in the store, so URLs survive restarts.</summary>
    public string? ChartSigningKey { get; set; }
    /// <summary>How long a chart URL in a chat message keeps working.</summary>
    public TimeSpan ChartUrlLifetime { get; set; } = TimeSpan.FromDays(30);
    /// <summary>Absolute base the chat platforms fetch chart images from (Bot:PublicBaseUrl). Unset: no chart URLs in chat.</summary>
    public string? PublicBaseUrl { get; set; }
    /// <summary>The service level for a first claim (Sla:ClaimWithin, shared with the handoff engine).</summary>
    public TimeSpan ClaimWithin { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Marketing has no team: its periods and its digest run in this zone.</summary>
    public string MarketingTimeZone { get; set; } = "UTC";
    /// <summary>How many waiting leads a pipeline lists by name (all of them are counted).</summary>
    public int WaitingListed { get; set; } = 10;
    public DigestOptions Digests { get; set; } = new();
}

public sealed class DigestOptions
{
    /// <summary>Cron (5 fields) for the weekly feedback digest to the marketing channel, in MarketingTimeZone. Empty: off.</summary>
    public string? MarketingCron { get; set; }
    /// <summary>Cron for the daily pipeline digest to each team's managers, in the team's time zone. Empty: off.</summary>
    public string? ManagersCron { get; set; }
    /// <summary>How often the schedules are checked; a slot is sent at most this late.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(1);
}

internal sealed class InsightsOptionsValidator : IValidateOptions<InsightsOptions>
{
    public ValidateOptionsResult Validate(string? name, InsightsOptions o)
    {
        var errors = new List<string>();
        if (o.ChartUrlLifetime <= TimeSpan.Zero) errors.Add("Insights:ChartUrlLifetime must be positive.");
        if (o.WaitingListed is < 1 or > 50) errors.Add("Insights:WaitingListed must be between 1 and 50.");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(o.MarketingTimeZone, out _)) errors.Add($"Insights:MarketingTimeZone '{o.MarketingTimeZone}' is not a known time zone.");
        if (o.PublicBaseUrl is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            errors.Add($"Bot:PublicBaseUrl '{url}' must be an absolute http(s) URL.");
        if (o.ChartSigningKey is { Length: > 0 and < 16 }) errors.Add("Insights:ChartSigningKey must be at least 16 characters.");
        if (o.Digests.CheckEvery < TimeSpan.FromSeconds(1)) errors.Add("Insights:Digests:CheckEvery must be at least a second.");
        // A longer period is more than the timer behind the digest checks can wait, and would stop the bot after start.
        if (o.Digests.CheckEvery > TimeSpan.FromDays(31)) errors.Add($"Insights:Digests:CheckEvery must be at most 31 days (was {o.Digests.CheckEvery}).");
        Cron(o.Digests.MarketingCron, "Insights:Digests:MarketingCron", errors);
        Cron(o.Digests.ManagersCron, "Insights:Digests:ManagersCron", errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Cron(string? expression, string key, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(expression)) return;
        try { CronExpression.Parse(expression); }
        catch (CronFormatException e) { errors.Add($"{key} '{expression}' is not a cron expression: {e.Message}"); }
    }
}
