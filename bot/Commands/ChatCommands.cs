using System.Globalization;
using LeadBot.Cards;
using LeadBot.Channels;
using LeadBot.Insights;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;

namespace LeadBot.Commands;

/// <summary>
/// The chat commands, the same on Teams and Slack. The text arrives with the bot's @mention already removed;
/// unknown text gets help, never silence.
/// </summary>
public sealed class ChatCommands(
    Roster roster, Router router, Visibility visibility, Subscriptions subscriptions, ILeadStore store,
    PipelineReport pipeline, FeedbackReport feedback, AgreementCommands agreements, TimeProvider clock)
{
    private readonly AgreementCommands _agreement = agreements;

    /// <summary>A chat command: its name (what the user types first), its arguments and description for help, and what it does.</summary>
    private sealed record Command(string Name, string Arguments, string Description, Func<ChatCommands, ChatContext, string[], ChatReply> Run)
    {
        /// <summary>Other names it answers to; not shown in help.</summary>
        public IReadOnlyList<string> Aliases { get; init; } = [];

        public string Usage => Arguments.Length == 0 ? Name : Name + " " + Arguments;
    }

    /// <summary>Every chat command, in the order help lists them. Adding a command is adding a line.</summary>
    private static readonly IReadOnlyList<Command> Table =
    [
        new("help", "", "Show what LeadBot can do.", (_, _, _) => Help()),
        new("subscribe", "<team>", "Post this team's new leads in this channel (or \"subscribe marketing\" for rejection feedback).",
            (me, c, a) => me.Subscribe(c, string.Join(' ', a))),
        new("unsubscribe", "", "Stop posting leads in this channel.", (me, c, _) => me.Unsubscribe(c)),
        new("pipeline", "[team] [period]", $"Leads by stage, who is waiting, speed to lead. Period: {Period.Help}.", (me, c, a) => me.Pipeline(c, a))
            { Aliases = ["status"] },
        new("feedback", "[source-or-campaign] [period]", "Acceptance and rejection reasons by source and campaign.", (me, c, a) => me.Feedback(c, a)),
        new("my leads", "", "Your open leads, oldest first, with outcome buttons.", (me, c, _) => me.MyLeads(c)) { Aliases = ["my lead", "myleads", "leads"] },
        new("away", "[until]", "Stop receiving round-robin offers (until a date such as 2026-12-27, a weekday, or 3d).", (me, c, a) => me.Away(c, a)),
        new("back", "", "Receive offers again.", (me, c, _) => me.Back(c)),
        new("agreement", "[team] [period]", "The marketing–sales scorecard: leads delivered, acceptance, claimed and touched in time, per team.",
            (me, c, a) => me._agreement.Scorecard(c, a)) { Aliases = ["scorecard"] },
        new("criteria", "[review [period] | propose <change> | approve <id> [comment] | decline <id> <comment>]",
            "The agreed criteria and commitments; the evidence for changing them; proposals both sides approve.", (me, c, a) => me._agreement.Criteria(c, a)),
    ];

    private static readonly RouteTable<Command> Routes =
        new("chat commands", Table.SelectMany(c => c.Aliases.Prepend(c.Name).Select(name => (name, c))), StringComparer.OrdinalIgnoreCase);

    /// <summary>The commands as help lists them: usage and description, generated from the table.</summary>
    public static IReadOnlyList<(string Command, string Description)> Commands { get; } = Table.Select(c => (c.Usage, c.Description)).ToList();

    public ChatReply Handle(ChatContext context, string? text)
    {
        var words = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return Help();
        words[0] = words[0].TrimStart('/');
        // A two-word name ("my leads") before a one-word one; anything unknown gets help, never silence.
        if (words.Length > 1 && Routes.Find(words[0] + " " + words[1]) is { } pair) return pair.Run(this, context, words[2..]);
        return Routes.Find(words[0]) is { } command ? command.Run(this, context, words[1..]) : Help();
    }

    public static ChatReply Help() => new(new HelpView(Commands));

    private ChatReply Subscribe(ChatContext context, string teamName)
    {
        if (string.IsNullOrWhiteSpace(teamName))
            return Fail("Which team?", $"Say subscribe and a team: {TeamList()}, or marketing.");
        var name = string.Equals(teamName.Trim(), Subscriptions.MarketingTeam, StringComparison.OrdinalIgnoreCase)
            ? Subscriptions.MarketingTeam
            : router.Team(teamName.Trim())?.Name;
        if (name is null) return Fail("Unknown team", $"There is no team called \"{teamName.Trim()}\". Teams: {TeamList()}, or marketing.");
        var previous = subscriptions.Of(context.Platform, context.ConversationId);
        // Taking this conversation from another team's feed is a change to that team's channel too.
        var refusal = visibility.RefuseChannelChange(context.User, name)
            ?? (previous is not null && previous.Team != name ? visibility.RefuseChannelChange(context.User, previous.Team) : null);
        if (refusal is not null) return Fail("Not yours to change", refusal);
        subscriptions.Subscribe(new Subscription(context.Platform, context.ConversationId, name, clock.GetUtcNow(), context.User.ToString()));
        var moved = previous is not null && previous.Team != name ? $" (instead of {previous.Team})" : "";
        var what = name == Subscriptions.MarketingTeam ? "rejection feedback and the weekly digest" : $"new {name} leads";
        return new ChatReply(new Notice($"This conversation now receives {what}{moved}."), Ephemeral: false);
    }

    private ChatReply Unsubscribe(ChatContext context)
    {
        var previous = subscriptions.Of(context.Platform, context.ConversationId);
        if (previous is null) return new ChatReply(new Notice("This conversation was not subscribed to any team."));
        if (visibility.RefuseChannelChange(context.User, previous.Team) is { } refusal) return Fail("Not yours to change", refusal);
        if (!subscriptions.Unsubscribe(context.Platform, context.ConversationId))
            return new ChatReply(new Notice("This conversation was not subscribed to any team."));
        return new ChatReply(new Notice($"This conversation no longer receives {previous.Team} leads."), Ephemeral: false);
    }

    private ChatReply Pipeline(ChatContext context, string[] args)
    {
        var viewer = visibility.Of(context.User);
        if (!viewer.Known) return NotOnRoster(context);
        var (teamWords, period) = Period.Trailing(args, clock.GetUtcNow(), "week");
        if (period is null) return Fail("Unknown period", Period.Refusal(args.LastOrDefault()));
        string? team;
        if (teamWords.Length > 0)
        {
            team = router.Team(string.Join(' ', teamWords))?.Name;
            if (team is null) return Fail("Unknown team", $"There is no team called \"{string.Join(' ', teamWords)}\". Teams: {TeamList()}.");
        }
        else if (viewer.Person is { } p && !viewer.IsAdmin) team = p.ManagerOf.Count > 0 ? p.ManagerOf[0] : p.MemberOf.Count > 0 ? p.MemberOf[0] : null;
        else team = null;
        if (!viewer.SeesTeam(team))
            return Fail("Not your team", $"You can see the pipeline of {string.Join(", ", router.Teams.Select(t => t.Name).Where(viewer.SeesTeam))} only.");
        // Names, rep load and who is waiting: for the asker, not for everyone in a shared channel.
        return new ChatReply(pipeline.Build(team, period), Private: true);
    }

    private ChatReply Feedback(ChatContext context, string[] args)
    {
        var viewer = visibility.Of(context.User);
        if (!viewer.Known) return NotOnRoster(context);
        var managed = viewer.Person?.ManagerOf ?? [];
        if (!viewer.SeesAllFeedback && managed.Count == 0) return Fail("For marketing and managers", "Feedback reports are for the marketing team and sales managers.");
        var (scopeWords, period) = Period.Trailing(args, clock.GetUtcNow(), "week");
        if (period is null) return Fail("Unknown period", Period.Refusal(args.LastOrDefault()));
        var scope = scopeWords.Length == 0 ? null : string.Join(' ', scopeWords);
        // A manager sees the feedback on the teams they manage (one at a time), marketing and admins every team's.
        var named = scope is null ? null : router.Team(scope)?.Name;
        var team = named ?? (viewer.SeesAllFeedback ? null : managed.Count == 1 ? managed[0] : null);
        if (team is null && !viewer.SeesAllFeedback)
            return Fail("Which team?", $"You manage {string.Join(", ", managed)}: say feedback and one of them, e.g. feedback {managed[0]}.");
        if (team is not null && !viewer.SeesFeedbackOf(team))
            return Fail("Not your team", $"You can see the feedback of {string.Join(", ", router.Teams.Select(t => t.Name).Where(viewer.SeesFeedbackOf))} only.");
        var view = named is not null
            ? feedback.For(new InsightsFilter(Team: named), period)
            : feedback.For(feedback.ScopeFilter(scope, period) with { Team = team }, period);
        // Verbatim rejection comments name customers and reps: for the asker only.
        return new ChatReply(view, Private: true);
    }

    private ChatReply MyLeads(ChatContext context)
    {
        var rep = roster.Find(context.User);
        if (rep is null) return NotOnRoster(context);
        var open = store.FindLeads(new LeadQuery { Owner = rep.Email, States = [LeadState.Accepted, LeadState.Contacted, LeadState.Meeting, LeadState.Opportunity] })
            .OrderBy(l => l.ClaimedAt).Select(CardViews.Lead).ToList();
        // Contact details: never into a shared conversation.
        return new ChatReply(new MyLeadsView(new PersonView(rep.Name, rep.Email, rep.TeamsAadObjectId, rep.SlackUserId), open, clock.GetUtcNow()), Private: true);
    }

    private ChatReply Away(ChatContext context, string[] args)
    {
        var rep = roster.Find(context.User);
        if (rep is null) return NotOnRoster(context);
        DateTimeOffset? until = null;
        if (args.Length > 0)
        {
            until = ParseUntil(string.Join(' ', args).Replace("until ", "", StringComparison.OrdinalIgnoreCase), clock.GetUtcNow());
            if (until is null) return Fail("When are you back?", "Say away, away 2026-12-27, away friday, or away 3d.");
        }
        roster.SetAway(rep.Email, until);
        var when = until is { } u ? $" until {u.ToString("ddd d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture)}" : " until you say back";
        return new ChatReply(new Notice($"You are away{when}: LeadBot will not offer you leads. Your open leads stay yours."));
    }

    private ChatReply Back(ChatContext context)
    {
        var rep = roster.Find(context.User);
        if (rep is null) return NotOnRoster(context);
        roster.SetBack(rep.Email);
        return new ChatReply(new Notice("Welcome back: you receive lead offers again."));
    }

    internal static DateTimeOffset? ParseUntil(string text, DateTimeOffset now)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "tomorrow") return now.Date.AddDays(1);
        if (t.Length >= 2 && int.TryParse(t[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && n <= 365)
        {
            if (t[^1] == 'd') return now.AddDays(n);
            if (t[^1] == 'h') return now.AddHours(n);
        }
        var weekday = t.Length >= 3 ? Enum.GetValues<DayOfWeek>().Where(d => d.ToString().StartsWith(t, StringComparison.OrdinalIgnoreCase)).ToList() : [];
        if (weekday is [var day])
        {
            var days = ((int)day - (int)now.DayOfWeek + 7) % 7;
            return new DateTimeOffset(now.UtcDateTime.Date.AddDays(days == 0 ? 7 : days), TimeSpan.Zero);
        }
        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at > now) return at;
        return null;
    }

    private string TeamList() => string.Join(", ", router.Teams.Select(t => t.Name));

    private static ChatReply Fail(string title, string message) => new(new Problem(title, message));

    private static ChatReply NotOnRoster(ChatContext context) => Fail("You're not on a roster",
        $"LeadBot doesn't know you ({context.User}) yet. Ask your LeadBot admin to add your email to a sales team or the marketing roster.");
}
