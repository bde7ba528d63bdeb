using LeadBot.Leads;
using LeadBot.Routing;

namespace LeadBot.Dashboard;

/// <summary>
/// What one viewer may pick and see on the dashboard, its exports and the agreement page. Every part is asked of
/// <see cref="Viewer"/>, the rule chat uses too: the teams offered are those whose pipeline or feedback the viewer sees,
/// "All teams" only for those who see every team's feedback (marketing) or everything (admins, a key session, this
/// machine), and of the chosen team the pipeline and the feedback each only when <see cref="Viewer"/> allows it.
/// </summary>
public sealed record DashboardScope(Viewer Viewer, IReadOnlyList<string> Teams, bool AllTeams, string? Team)
{
    /// <summary>Who waits, rep load, speed to lead, stages: the team's people and admins (all teams: admins only).</summary>
    public bool ShowsPipeline => Viewer.SeesTeam(Team);

    /// <summary>Acceptance by source, rejection reasons, verbatim comments: the team's managers, marketing, admins.</summary>
    public bool ShowsFeedback => Team is null ? Viewer.SeesAllFeedback : Viewer.SeesFeedbackOf(Team);

    /// <summary>A row of a lead list: in the chosen team, and a lead the viewer may see on its own.</summary>
    public bool Lists(Lead lead) =>
        (Team is null || string.Equals(lead.Team, Team, StringComparison.OrdinalIgnoreCase)) && Viewer.SeesLead(lead);

    /// <summary>No team asked for and "All teams" not on offer: the first team the viewer sees (a rep's own).</summary>
    public DashboardScope WithDefaultTeam() => Team is null && !AllTeams && Teams.Count > 0 ? this with { Team = Teams[0] } : this;

    /// <summary>The scope for <paramref name="requested"/> (a team name from the query string, or null), or why not.</summary>
    public static (DashboardScope? Scope, int Status, string? Refusal) For(Viewer viewer, Router router, string? requested)
    {
        var teams = router.Teams.Select(t => t.Name).Where(viewer.SeesScorecardOf).ToList();
        var all = viewer.IsAdmin || viewer.SeesAllFeedback;
        if (teams.Count == 0 && !all)
            return (null, StatusCodes.Status403Forbidden, "You are on no sales team, so LeadBot has no figures to show you. Ask your LeadBot admin if that is wrong.");
        if (string.IsNullOrWhiteSpace(requested)) return (new DashboardScope(viewer, teams, all, null), 0, null);
        if (router.Team(requested.Trim()) is not { } team)
            return (null, StatusCodes.Status400BadRequest, $"There is no team called \"{requested.Trim()}\". Teams you can see: {string.Join(", ", teams)}.");
        if (!teams.Contains(team.Name, StringComparer.OrdinalIgnoreCase))
            return (null, StatusCodes.Status403Forbidden, $"The figures of {team.Name} are for its team, its managers, marketing and LeadBot admins. You can see {string.Join(", ", teams)}.");
        return (new DashboardScope(viewer, teams, all, team.Name), 0, null);
    }
}
