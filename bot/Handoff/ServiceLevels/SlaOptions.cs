using LeadBot.Routing;
using Microsoft.Extensions.Options;

namespace LeadBot.Handoff.ServiceLevels;

/// <summary>
/// Service levels, counted in business time (the team's working hours in its time zone). Whole days in a span are
/// business days: "1.00:00:00" from Friday 15:00 is Monday 15:00. Each team may override any of them (Routing:Teams:N:Sla).
/// </summary>
public sealed class SlaOptions
{
    public const string Section = "Sla";

    /// <summary>An offered lead not accepted within this is escalated (claim mode), or offered to the next rep (round-robin).</summary>
    public TimeSpan ClaimWithin { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Still not accepted after this: claim mode moves it to the fallback team; round-robin puts it in the team channel with the managers mentioned.</summary>
    public TimeSpan ReassignAfter { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>An accepted lead with no outcome after this reminds its owner.</summary>
    public TimeSpan FirstTouchWithin { get; set; } = TimeSpan.FromDays(1);
    /// <summary>After the reminder, this much more without an outcome tells the team's managers. Defaults to FirstTouchWithin.</summary>
    public TimeSpan? ManagersAfter { get; set; }
    /// <summary>Working hours of teams that set none: Monday to Friday, 09:00 to 17:00.</summary>
    public BusinessHoursOptions BusinessHours { get; set; } = new();
    /// <summary>How often the timers are checked.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Each team's own service levels and hours, bound from the Routing section's team entries (Routing:Teams:N:Sla and
/// Routing:Teams:N:BusinessHours) so that the team is configured in one place while routing knows nothing of them.
/// </summary>
public sealed class TeamServiceLevels
{
    public List<TeamServiceLevelOptions> Teams { get; set; } = [];

    public TeamServiceLevelOptions? Of(string team) => Teams.FirstOrDefault(t => string.Equals(t.Name, team, StringComparison.OrdinalIgnoreCase));
}

public sealed class TeamServiceLevelOptions
{
    public string Name { get; set; } = "";
    /// <summary>Overrides of the Sla section for this team.</summary>
    public TeamSlaOptions? Sla { get; set; }
    /// <summary>When this team's service-level clock runs; unset: Sla:BusinessHours.</summary>
    public BusinessHoursOptions? BusinessHours { get; set; }
}

/// <summary>Per-team overrides of <see cref="SlaOptions"/>; unset values fall back to the Sla section.</summary>
public sealed class TeamSlaOptions
{
    public TimeSpan? ClaimWithin { get; set; }
    public TimeSpan? ReassignAfter { get; set; }
    public TimeSpan? FirstTouchWithin { get; set; }
    public TimeSpan? ManagersAfter { get; set; }
}

/// <summary>Days (e.g. ["Monday", …]) and hours of the working day in the team's time zone; Start = End = 00:00 means around the clock.</summary>
public sealed class BusinessHoursOptions
{
    // Null rather than a default list: the configuration binder appends to a list it finds, it does not replace it.
    public List<DayOfWeek>? Days { get; set; }
    public TimeOnly? Start { get; set; }
    public TimeOnly? End { get; set; }
}

/// <summary>The service levels in force for one team.</summary>
public sealed record TeamSla(TimeSpan ClaimWithin, TimeSpan ReassignAfter, TimeSpan FirstTouchWithin, TimeSpan ManagersAfter, BusinessClock Clock)
{
    public static TeamSla For(SalesTeamOptions team, SlaOptions o, TeamServiceLevels teams)
    {
        var own = teams.Of(team.Name);
        var t = own?.Sla ?? new TeamSlaOptions();
        var firstTouch = t.FirstTouchWithin ?? o.FirstTouchWithin;
        var hours = own?.BusinessHours ?? o.BusinessHours;
        var fallback = o.BusinessHours;
        return new TeamSla(
            t.ClaimWithin ?? o.ClaimWithin,
            t.ReassignAfter ?? o.ReassignAfter,
            firstTouch,
            t.ManagersAfter ?? o.ManagersAfter ?? firstTouch,
            new BusinessClock(
                (hours.Days ?? fallback.Days ?? BusinessClock.Weekdays).ToHashSet(),
                hours.Start ?? fallback.Start ?? new TimeOnly(9, 0),
                hours.End ?? fallback.End ?? new TimeOnly(17, 0),
                TimeZoneInfo.FindSystemTimeZoneById(team.TimeZone)));
    }
}

internal sealed class SlaOptionsValidator : IValidateOptions<SlaOptions>
{
    public ValidateOptionsResult Validate(string? name, SlaOptions o)
    {
        var errors = new List<string>();
        TeamSlaValidator.Check("Sla", o.ClaimWithin, o.ReassignAfter, o.FirstTouchWithin, o.ManagersAfter, TeamSlaValidator.Effective(o.BusinessHours, null), errors);
        if (o.ScanInterval <= TimeSpan.Zero) errors.Add("Sla:ScanInterval must be positive.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>
/// The teams' own service levels and hours, checked with the routing. It reads the Sla section straight from the
/// configuration: asking for the validated SlaOptions here would report an Sla mistake twice.
/// </summary>
internal sealed class TeamSlaValidator(IConfiguration configuration) : IValidateOptions<TeamServiceLevels>
{
    public ValidateOptionsResult Validate(string? name, TeamServiceLevels routing)
    {
        var o = configuration.GetSection(SlaOptions.Section).Get<SlaOptions>() ?? new SlaOptions();
        var errors = new List<string>();
        foreach (var (team, i) in routing.Teams.Select((t, i) => (t, i)))
        {
            if (team.Sla is null && team.BusinessHours is null) continue;
            var s = team.Sla ?? new TeamSlaOptions();
            Check($"Routing:Teams:{i} ({team.Name})", s.ClaimWithin ?? o.ClaimWithin, s.ReassignAfter ?? o.ReassignAfter,
                s.FirstTouchWithin ?? o.FirstTouchWithin, s.ManagersAfter ?? o.ManagersAfter, Effective(team.BusinessHours, o.BusinessHours), errors);
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static BusinessHoursOptions? Effective(BusinessHoursOptions? team, BusinessHoursOptions? all) => team is null ? null : new()
    {
        Days = team.Days ?? all?.Days,
        Start = team.Start ?? all?.Start ?? new TimeOnly(9, 0),
        End = team.End ?? all?.End ?? new TimeOnly(17, 0),
    };

    internal static void Check(string at, TimeSpan claim, TimeSpan reassign, TimeSpan firstTouch, TimeSpan? managers, BusinessHoursOptions? hours, List<string> errors)
    {
        if (claim <= TimeSpan.Zero) errors.Add($"{at}: Sla ClaimWithin must be positive.");
        if (reassign <= claim) errors.Add($"{at}: Sla ReassignAfter ({reassign}) must be longer than ClaimWithin ({claim}).");
        if (firstTouch <= TimeSpan.Zero) errors.Add($"{at}: Sla FirstTouchWithin must be positive.");
        if (managers <= TimeSpan.Zero) errors.Add($"{at}: Sla ManagersAfter must be positive.");
        if (hours is null) return;
        if (hours.Days is { Count: 0 }) errors.Add($"{at}: BusinessHours:Days must name at least one day.");
        if (hours.Start is { } start && hours.End is { } end && end != TimeOnly.MinValue && end <= start)
            errors.Add($"{at}: BusinessHours:End ({end}) must be after Start ({start}); End 00:00 means midnight, and working days that cross midnight are not supported.");
    }
}
