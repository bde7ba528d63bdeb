using Microsoft.Extensions.Options;

namespace LeadBot.Routing;

/// <summary>A wiring mistake in the rosters fails at start-up, not when the first lead arrives.</summary>
internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions o)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (team, i) in o.Teams.Select((t, i) => (t, i)))
        {
            var at = $"Routing:Teams:{i}";
            if (string.IsNullOrWhiteSpace(team.Name)) errors.Add($"{at}:Name is required.");
            else if (!names.Add(team.Name)) errors.Add($"{at}:Name '{team.Name}' is used twice.");
            if (team.Mode is not (RoutingModes.Claim or RoutingModes.RoundRobin))
                errors.Add($"{at}:Mode must be '{RoutingModes.Claim}' or '{RoutingModes.RoundRobin}' (was '{team.Mode}').");
            if (team.Capacity < 1) errors.Add($"{at}:Capacity must be at least 1.");
            if (team.Match.MinEmployees > team.Match.MaxEmployees) errors.Add($"{at}:Match:MinEmployees is above MaxEmployees.");
            if (team.Match.MinScore > team.Match.MaxScore) errors.Add($"{at}:Match:MinScore is above MaxScore.");
            if (team.Mode == RoutingModes.RoundRobin && team.Members.Count == 0) errors.Add($"{at}: a round-robin team needs members.");
            foreach (var (rep, j) in team.Members.Concat(team.Managers).Select((r, j) => (r, j)))
            {
                if (string.IsNullOrWhiteSpace(rep.Email) || !rep.Email.Contains('@')) errors.Add($"{at}: member/manager {j} needs an Email.");
                if (rep.Capacity < 1) errors.Add($"{at}: {rep.Email} has a Capacity below 1.");
            }
            if (!TryTimeZone(team.TimeZone)) errors.Add($"{at}:TimeZone '{team.TimeZone}' is not a known time zone.");
        }
        // No teams at all is a valid (if useless) start: /healthz reports it as degraded and intake refuses leads with 503,
        // so a fresh production install comes up and says what to set instead of crash-looping.
        if (o.Teams.Count > 0 && string.IsNullOrWhiteSpace(o.Fallback)) errors.Add("Routing:Fallback must name the team that catches unmatched leads.");
        else if (!string.IsNullOrWhiteSpace(o.Fallback) && !names.Contains(o.Fallback)) errors.Add($"Routing:Fallback '{o.Fallback}' is not one of Routing:Teams.");
        foreach (var m in o.Marketing.Members.Where(m => string.IsNullOrWhiteSpace(m.Email)))
            errors.Add($"Routing:Marketing:Members: '{m.Name}' needs an Email.");
        foreach (var (admin, i) in o.Admins.Select((a, i) => (a, i)).Where(a => string.IsNullOrWhiteSpace(a.a.Email) || !a.a.Email.Contains('@')))
            errors.Add($"Routing:Admins:{i} ('{admin.Name}') needs an Email.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool TryTimeZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}
