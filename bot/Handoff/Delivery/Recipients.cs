namespace LeadBot.Handoff.Delivery;

/// <summary>
/// Outbox audiences as written in the store ("team:EMEA", "rep:anna@contoso.com", "managers:EMEA", "marketing",
/// "posted:EMEA"): the only place that writes or reads their text. Everything else works with a <see cref="Recipient"/>.
/// </summary>
public static class Audiences
{
    public const string Marketing = "marketing";
    public const string Posted = "posted";
    public static string Team(string name) => "team:" + name;
    public static string Rep(string email) => "rep:" + email.ToLowerInvariant();
    public static string Managers(string team) => "managers:" + team;

    /// <summary>A lead's posted cards, in the channel of <paramref name="team"/> ("posted:EMEA"); "posted" when it has none.</summary>
    public static string PostedIn(string? team) => string.IsNullOrEmpty(team) ? Posted : Posted + ":" + team;

    /// <summary>The typed recipient of an audience; null for text no version of LeadBot writes.</summary>
    public static Recipient? Parse(string audience) => audience.Split(':', 2) switch
    {
        ["team", { Length: > 0 } team] => new Recipient.TeamChannel(team),
        ["rep", { Length: > 0 } email] => new Recipient.Rep(email),
        ["managers", { Length: > 0 } team] => new Recipient.Managers(team),
        [Marketing] => new Recipient.Marketing(),
        [Posted] => new Recipient.PostedCards(null),
        [Posted, { Length: > 0 } team] => new Recipient.PostedCards(team),
        _ => null,
    };
}

/// <summary>Who receives an outbox message, typed once from its audience.</summary>
public abstract record Recipient
{
    private Recipient() { }

    /// <summary>The conversations subscribed to a sales team ("subscribe EMEA").</summary>
    public sealed record TeamChannel(string Team) : Recipient;

    /// <summary>One rep, privately (1:1 chat, DM): the rep a lead is offered to, or its owner.</summary>
    public sealed record Rep(string Email) : Recipient;

    /// <summary>A team's managers, each privately.</summary>
    public sealed record Managers(string Team) : Recipient;

    /// <summary>The conversations subscribed to marketing; on a platform where none is, each marketing roster member privately.</summary>
    public sealed record Marketing : Recipient;

    /// <summary>
    /// Every place the lead's card was posted, updated in place. <paramref name="Team"/>: the team whose channel shows it,
    /// which paces the update (null in messages written before card updates named it, and for proposal cards).
    /// </summary>
    public sealed record PostedCards(string? Team) : Recipient;

    /// <summary>The subscription whose conversations receive it (a team, or marketing); null when only people do.</summary>
    public string? Subscription => this switch
    {
        TeamChannel t => t.Team,
        Marketing => Audiences.Marketing,
        _ => null,
    };

    /// <summary>"a channel subscribed to team EMEA", for /healthz when nobody can receive it yet.</summary>
    public string Describe() => this switch
    {
        TeamChannel t => $"a channel subscribed to team {t.Team}",
        Managers m => $"a chat with a manager of {m.Team}",
        Rep r => $"a chat with {r.Email} (they have not used the bot yet)",
        Marketing => "a channel subscribed to marketing (\"subscribe marketing\")",
        _ => "the lead's card to be posted",
    };
}
