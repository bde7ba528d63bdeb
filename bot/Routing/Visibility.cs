using LeadBot.Leads;
using Microsoft.Extensions.Options;

namespace LeadBot.Routing;

/// <summary>
/// What one person may see, the one rule for chat, the dashboard and lead cards: a rep sees their team, a manager the
/// teams they manage, marketing the feedback of every team, an admin (Routing:Admins) everything.
/// </summary>
public sealed record Viewer(Rep? Person, bool IsAdmin)
{
    /// <summary>A dashboard key session or this machine: not a person, sees what an admin sees.</summary>
    public static readonly Viewer Unrestricted = new(null, true);

    public bool Known => IsAdmin || Person is not null;

    /// <summary>The team's pipeline: who is waiting, rep load, speed to lead.</summary>
    public bool SeesTeam(string? team) => IsAdmin || (team is not null && Person?.CanWork(team) == true);

    /// <summary>Acceptance and rejection reasons, with marketing's verbatim comments.</summary>
    public bool SeesFeedbackOf(string? team) =>
        IsAdmin || Person?.IsMarketing == true || (team is not null && Person?.ManagerOf.Contains(team, StringComparer.OrdinalIgnoreCase) == true);

    /// <summary>Every team's feedback at once (no team named).</summary>
    public bool SeesAllFeedback => IsAdmin || Person?.IsMarketing == true;

    /// <summary>A team's scorecard (the agreement): the team's people, marketing (the other side of it), admins.</summary>
    public bool SeesScorecardOf(string team) => SeesTeam(team) || SeesFeedbackOf(team);

    /// <summary>One lead's card: its team's people, the rep it is offered to or owned by, marketing once a rep has rejected it.</summary>
    public bool SeesLead(Lead lead)
    {
        if (IsAdmin || SeesTeam(lead.Team)) return true;
        if (Person is not { } p) return false;
        if (Same(lead.Owner?.Email, p.Email) || Same(lead.OfferedTo, p.Email) || lead.RejectedBy.Any(r => Same(r, p.Email))) return true;
        return p.IsMarketing && lead.RejectedBy.Count > 0;
    }

    private static bool Same(string? a, string b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Who someone is to LeadBot (<see cref="Viewer"/>), and who may point a team's leads at a conversation.</summary>
public sealed class Visibility(Roster roster, IOptionsMonitor<RoutingOptions> options)
{
    public const string Marketing = "marketing";

    public Viewer Of(Actor actor)
    {
        var rep = roster.Find(actor);
        return new Viewer(rep, IsAdmin(actor, rep));
    }

    public bool IsAdmin(Actor actor, Rep? rep = null) => options.CurrentValue.Admins.Any(a =>
        Same(a.Email, actor.Email) || Same(a.Email, rep?.Email)
        || (a.TeamsAadObjectId is { Length: > 0 } aad && Same(aad, actor.TeamsAadObjectId))
        || (a.SlackUserId is { Length: > 0 } slack && slack == actor.SlackUserId));

    /// <summary>
    /// Null when <paramref name="actor"/> may change where <paramref name="team"/>'s messages go (subscribe, unsubscribe):
    /// the team's managers, or for "marketing" the marketing roster, and admins. Otherwise a refusal naming who can.
    /// </summary>
    public string? RefuseChannelChange(Actor actor, string team)
    {
        var viewer = Of(actor);
        if (viewer.IsAdmin) return null;
        var isMarketing = string.Equals(team, Marketing, StringComparison.OrdinalIgnoreCase);
        if (viewer.Person is { } p && (isMarketing ? p.IsMarketing : p.ManagerOf.Contains(team, StringComparer.OrdinalIgnoreCase))) return null;
        var who = isMarketing
            ? Names(roster.All.Where(r => r.IsMarketing).Select(r => r.Name))
            : Names(options.CurrentValue.Teams.FirstOrDefault(t => string.Equals(t.Name, team, StringComparison.OrdinalIgnoreCase))?.Managers.Select(m => m.Name ?? m.Email) ?? []);
        var admins = Names(options.CurrentValue.Admins.Select(a => a.Name ?? a.Email));
        var group = isMarketing ? "the marketing team" : $"{team}'s managers";
        return $"Only {group}{(who.Length > 0 ? $" ({who})" : "")} or a LeadBot admin{(admins.Length > 0 ? $" ({admins})" : "")} can change where {(isMarketing ? "marketing's feedback" : team + "'s leads")} go. " +
               $"Ask {(who.Length > 0 ? who : "your LeadBot admin")} to do it here; nothing was changed.";
    }

    private static string Names(IEnumerable<string?> names) => string.Join(", ", names.OfType<string>().Where(n => n.Length > 0).Distinct());

    private static bool Same(string? a, string? b) => a is { Length: > 0 } && b is { Length: > 0 } && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
