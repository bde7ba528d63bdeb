using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Routing;

/// <summary>How a chat platform or an API caller names a person; the roster turns it into a rep.</summary>
public sealed record Actor(string? Email = null, string? TeamsAadObjectId = null, string? SlackUserId = null, string? DisplayName = null)
{
    public override string ToString() => DisplayName ?? Email ?? SlackUserId ?? TeamsAadObjectId ?? "unknown user";
}

public sealed record Rep(
    string Email, string Name, string? TeamsAadObjectId, string? SlackUserId,
    IReadOnlyList<string> MemberOf, IReadOnlyList<string> ManagerOf, bool IsMarketing)
{
    public bool IsManager => ManagerOf.Count > 0;
    public bool CanWork(string team) => MemberOf.Contains(team, StringComparer.OrdinalIgnoreCase) || ManagerOf.Contains(team, StringComparer.OrdinalIgnoreCase);
}

/// <summary>Set by "away [until]" and cleared by "back": survives restarts, overrides the configured AwayUntil.</summary>
public sealed record Availability(string Email, DateTimeOffset? AwayUntil);

/// <summary>Everyone in the routing configuration: reps, managers and marketing, with their chat identities and availability.</summary>
public sealed class Roster(IOptionsMonitor<RoutingOptions> options, IDocumentBags store, TimeProvider clock)
{
    public const string AvailabilityBag = "availability";

    // Built once per configuration: every offer, claim and card asks for it, and the options object only changes on reload.
    private sealed record Built(RoutingOptions Source, IReadOnlyList<Rep> Reps);
    private Built? _built;

    public IReadOnlyList<Rep> All
    {
        get
        {
            var current = options.CurrentValue;
            if (_built is { } b && ReferenceEquals(b.Source, current)) return b.Reps;
            var reps = Build(current);
            _built = new Built(current, reps);
            return reps;
        }
    }

    /// <summary>
    /// The rep an actor is: by the chat identity configured for them, else by email, but never by email when the rep's
    /// configured identity on that platform is another account (an address can be shown by more than one account).
    /// </summary>
    public Rep? Find(Actor actor)
    {
        var all = All;
        return (actor.SlackUserId is { Length: > 0 } s ? all.FirstOrDefault(r => r.SlackUserId == s) : null)
            ?? (actor.TeamsAadObjectId is { Length: > 0 } a ? all.FirstOrDefault(r => string.Equals(r.TeamsAadObjectId, a, StringComparison.OrdinalIgnoreCase)) : null)
            ?? (actor.Email is { Length: > 0 } e && FindByEmail(e) is { } rep && !ConfiguredOtherwise(rep, actor) ? rep : null);
    }

    private static bool ConfiguredOtherwise(Rep rep, Actor actor) =>
        (actor.TeamsAadObjectId is { Length: > 0 } && rep.TeamsAadObjectId is { Length: > 0 })
        || (actor.SlackUserId is { Length: > 0 } && rep.SlackUserId is { Length: > 0 });

    public Rep? FindByEmail(string email) => All.FirstOrDefault(r => string.Equals(r.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));

    public int CapacityOf(string email, SalesTeamOptions team) =>
        team.Members.FirstOrDefault(m => Same(m.Email, email))?.Capacity ?? team.Capacity;

    public DateTimeOffset? AwayUntil(string email)
    {
        var now = clock.GetUtcNow();
        var stored = store.Get<Availability>(AvailabilityBag, email.ToLowerInvariant());
        var until = stored is not null ? stored.AwayUntil : ConfiguredAway(email);
        return until > now ? until : null;
    }

    public bool IsAway(string email) => AwayUntil(email) is not null;

    /// <summary>Marks a rep away; <paramref name="until"/> null means "until I say back".</summary>
    public void SetAway(string email, DateTimeOffset? until) =>
        store.Put(AvailabilityBag, email.ToLowerInvariant(), new Availability(email, until ?? DateTimeOffset.MaxValue));

    public void SetBack(string email) => store.Put(AvailabilityBag, email.ToLowerInvariant(), new Availability(email, null));

    /// <summary>Reps nobody can reach in chat: reported in /healthz and on the managers' pipeline card, never silently skipped.</summary>
    public IReadOnlyList<string> Unreachable() => All
        .Where(r => r.TeamsAadObjectId is null && r.SlackUserId is null)
        .Select(r => $"{r.Name} <{r.Email}> has no Teams or Slack id yet; they are matched by email the first time they use the bot")
        .ToList();

    private DateTimeOffset? ConfiguredAway(string email) =>
        options.CurrentValue.Teams.SelectMany(t => t.Members.Concat(t.Managers)).Concat(options.CurrentValue.Marketing.Members)
            .Where(r => Same(r.Email, email)).Select(r => r.AwayUntil).Max();

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static List<Rep> Build(RoutingOptions o)
    {
        var people = o.Teams.SelectMany(t => t.Members.Concat(t.Managers)).Concat(o.Marketing.Members)
            .GroupBy(r => r.Email.Trim().ToLowerInvariant());
        return people.Select(g =>
        {
            var email = g.First().Email.Trim();
            return new Rep(
                email,
                g.Select(r => r.Name).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)) ?? email,
                g.Select(r => r.TeamsAadObjectId).FirstOrDefault(x => !string.IsNullOrWhiteSpace(x)),
                g.Select(r => r.SlackUserId).FirstOrDefault(x => !string.IsNullOrWhiteSpace(x)),
                o.Teams.Where(t => t.Members.Any(m => Same(m.Email, email))).Select(t => t.Name).ToList(),
                o.Teams.Where(t => t.Managers.Any(m => Same(m.Email, email))).Select(t => t.Name).ToList(),
                o.Marketing.Members.Any(m => Same(m.Email, email)));
        }).ToList();
    }
}
