using LeadBot.Leads;
using LeadBot.Qualification;
using Microsoft.Extensions.Options;

namespace LeadBot.Routing;

public sealed record RouteDecision(SalesTeamOptions Team, string Reason);

/// <summary>Deterministic: the same lead and rules always give the same team, and the reason says which condition decided.</summary>
public sealed class Router(IOptionsMonitor<RoutingOptions> options)
{
    public RouteDecision Route(Lead lead)
    {
        var o = options.CurrentValue;
        var misses = new List<string>();
        foreach (var team in o.Teams.Where(t => !IsFallback(o, t)))
        {
            var (matched, why, miss) = Match(team.Match, lead);
            if (matched) return new RouteDecision(team, $"routed to {team.Name}: {why}");
            misses.Add($"{team.Name}: {miss}");
        }
        var fallback = o.Teams.First(t => IsFallback(o, t));
        var detail = misses.Count == 0 ? "" : $" (no other team matched — {string.Join("; ", misses)})";
        return new RouteDecision(fallback, $"routed to {fallback.Name}: fallback team{detail}");
    }

    public SalesTeamOptions? Team(string? name) =>
        name is null ? null : options.CurrentValue.Teams.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<SalesTeamOptions> Teams => options.CurrentValue.Teams;

    /// <summary>Null only while no team is configured (intake refuses leads then).</summary>
    public SalesTeamOptions? Fallback => options.CurrentValue.Teams.FirstOrDefault(t => IsFallback(options.CurrentValue, t));

    private static bool IsFallback(RoutingOptions o, SalesTeamOptions t) => string.Equals(t.Name, o.Fallback, StringComparison.OrdinalIgnoreCase);

    private static (bool Matched, string Why, string Miss) Match(MatchOptions m, Lead lead)
    {
        var why = new List<string>();
        string? miss = null;
        var c = lead.Company;
        void In(List<string> allowed, string? value, string word)
        {
            if (miss is not null || allowed.Count == 0) return;
            if (value is { Length: > 0 } && Qualifier.Contains(allowed, value)) why.Add($"{word} = {value}");
            else miss = value is null ? $"{word} unknown" : $"{word} {value} not in {string.Join("/", allowed)}";
        }
        void Within(int? min, int? max, int? value, string word)
        {
            if (miss is not null || (min is null && max is null)) return;
            if (value is { } v && (min is null || v >= min) && (max is null || v <= max)) why.Add($"{word} {Qualifier.Num(v)} in {Qualifier.Range(min, max)}");
            else miss = value is null ? $"{word} unknown" : $"{word} {Qualifier.Num(value.Value)} not in {Qualifier.Range(min, max)}";
        }
        In(m.Regions, c?.Region, "region");
        In(m.Countries, c?.Country, "country");
        In(m.Industries, c?.Industry, "industry");
        In(m.Campaigns, lead.Campaign, "campaign");
        Within(m.MinEmployees, m.MaxEmployees, c?.Employees, "employees");
        Within(m.MinScore, m.MaxScore, lead.Score, "score");
        if (miss is not null) return (false, "", miss);
        return (true, why.Count == 0 ? "matches every lead" : string.Join(", ", why), "");
    }
}
