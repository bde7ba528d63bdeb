using System.Globalization;
using LeadBot.Agreement;
using LeadBot.Cards;
using LeadBot.Insights;
using LeadBot.Routing;

namespace LeadBot.Commands;

/// <summary>
/// The agreement in chat, the same on Teams and Slack: <c>agreement [team] [period]</c> (the scorecard) and
/// <c>criteria</c>, <c>criteria review [period]</c>, <c>criteria propose &lt;change&gt;</c>,
/// <c>criteria approve &lt;id&gt; [comment]</c>, <c>criteria decline &lt;id&gt; &lt;comment&gt;</c>.
/// </summary>
public sealed class AgreementCommands(
    Agreements agreements, CriteriaReview review, Proposals proposals, Scorecard scorecard, Router router, Visibility visibility, TimeProvider clock)
{
    /// <summary>A team's scorecard is for those who see the team's pipeline or its feedback (Viewer); no team named: every team the asker sees.</summary>
    public ChatReply Scorecard(ChatContext context, string[] args)
    {
        var viewer = visibility.Of(context.User);
        if (!viewer.Known) return NotOnRoster(context);
        var (words, period) = Period.Trailing(args, clock.GetUtcNow(), "month");
        if (period is null) return Fail("Unknown period", Period.Refusal(args.LastOrDefault()));
        string? team = null;
        if (words.Length > 0 && (team = router.Team(string.Join(' ', words))?.Name) is null)
            return Fail("Unknown team", $"There is no team called \"{string.Join(' ', words)}\". Teams: {string.Join(", ", router.Teams.Select(t => t.Name))}.");
        var seen = router.Teams.Select(t => t.Name).Where(viewer.SeesScorecardOf).ToList();
        if (team is not null ? !viewer.SeesScorecardOf(team) : seen.Count == 0)
            return Fail("Not your team", seen.Count > 0 ? $"You can see the scorecard of {string.Join(", ", seen)} only." : "The scorecard is for the teams' people and marketing.");
        return new ChatReply(scorecard.Build(period, team, viewer.SeesScorecardOf));
    }

    public ChatReply Criteria(ChatContext context, string[] args)
    {
        var viewer = visibility.Of(context.User);
        if (!viewer.Known) return NotOnRoster(context);
        var rep = viewer.Person;
        var sub = args.FirstOrDefault()?.ToLowerInvariant();
        var rest = args.Skip(1).ToArray();
        return sub switch
        {
            null => InForce(),
            // Every team's acceptance and rejections by criterion: the evidence the approvers (sales managers, marketing) weigh.
            "review" when !viewer.SeesAllFeedback && rep?.IsManager != true =>
                Fail("For marketing and managers", "The criteria review reads every team's rejections: it is for the marketing team, sales managers and LeadBot admins."),
            "review" => Review(rest),
            "propose" => Step(proposals.Propose(string.Join(' ', rest), context.User, null), ephemeral: false),
            "approve" when rest.Length > 0 => Step(proposals.Approve(rest[0], context.User, Comment(rest)), ephemeral: false),
            "decline" when rest.Length > 1 => Step(proposals.Decline(rest[0], context.User, Comment(rest)), ephemeral: false),
            "decline" => Fail("Why decline?", "Say criteria decline <id> and a comment for both sides, e.g. criteria decline P0M8… Retail is next quarter's focus."),
            _ => Fail("Which criteria command?", $"Say criteria, criteria review [period], criteria propose <change> ({ProposedChange.Grammar}), criteria approve <id> [comment] or criteria decline <id> <comment>. You are {(rep is null ? "a LeadBot admin" : rep.IsManager ? "a sales manager" : rep.IsMarketing ? "on the marketing roster" : "a rep")}."),
        };
    }

    private ChatReply InForce()
    {
        var current = agreements.Current;
        var r = current.Rules;
        string List(IReadOnlyList<string> values) => values.Count == 0 ? "any" : string.Join(", ", values);
        var rules = new List<string>
        {
            $"minScore: {r.MinScore}",
            $"industries: {List(r.Industries)}",
            $"employees: {Range(r.MinEmployees, r.MaxEmployees)}",
            $"regions: {List(r.Regions)}",
        };
        if (r.Countries.Count > 0) rules.Add($"countries: {List(r.Countries)}");
        rules.Add($"excludedEmailDomains: {List(r.ExcludedEmailDomains)}");
        var commitments = current.Teams.Select(t =>
            $"{t.Team}: claim within {AgreementWords.Duration(t.ClaimWithin)}, first touch within {AgreementWords.Duration(t.FirstTouchWithin)}, " +
            (t.LeadsPerMonth is { } n ? $"marketing delivers {n} leads a month" : "no lead volume agreed")).ToList();
        var history = agreements.History().Reverse().Take(10)
            .Select(v => $"v{v.Version} · {AgreementWords.Utc(v.ApprovedAt)} · {v.Change}{(v.ApprovedBy.Count > 0 ? " · approved by " + string.Join(", ", v.ApprovedBy) : "")}").ToList();
        var pending = proposals.Pending().Select(p => $"{p.Proposal.Id}: {p.Proposal.Summary} · waits for {p.Waiting}").ToList();
        var sections = new List<SectionView> { new("Criteria", rules), new("Commitments", commitments), new("History", history) };
        if (pending.Count > 0) sections.Add(new SectionView("Open proposals (criteria approve <id>)", pending));
        var approved = current.ApprovedBy.Count > 0 ? $"approved by {string.Join(", ", current.ApprovedBy)} on {AgreementWords.Utc(current.ApprovedAt)}" : $"from configuration, {AgreementWords.Utc(current.ApprovedAt)}";
        return new ChatReply(new SectionsView($"Agreement v{current.Version}", approved, sections));
    }

    private ChatReply Review(string[] args)
    {
        var period = Period.Parse(args.FirstOrDefault() ?? "month", clock.GetUtcNow());
        if (period is null) return Fail("Unknown period", Period.Refusal(args.FirstOrDefault()));
        var answer = review.Review(period);
        var proposed = answer.Proposals.SelectMany(p => new[]
        {
            $"{p.Summary}: {p.Why}.", p.Effect + ".", p.Warning is { } w ? "⚠️ " + w : null, $"To propose it: criteria propose {p.Change}",
        }.OfType<string>()).ToList();
        var sections = new List<SectionView>
        {
            new("Proposed changes", proposed.Count > 0 ? proposed : [$"None: no value had {answer.MinLeads}+ leads with {AgreementWords.Percent(answer.MinRejectShare)} rejected for the reason its criterion is about."]),
        };
        foreach (var criterion in answer.Values.GroupBy(v => v.Criterion))
        {
            sections.Add(new SectionView(criterion.Key, criterion.Take(6).Select(v =>
                $"{v.Value}: {v.Leads} leads, {v.Accepted} accepted, {v.RejectedTotal} rejected" +
                (v.Rejected.Count > 0 ? $" ({string.Join(", ", v.Rejected.OrderByDescending(r => r.Value).Select(r => $"{r.Value} {RejectionReasons.Label(r.Key).ToLowerInvariant()}"))})" : "") +
                $", {v.Disqualified} disqualified, {v.Opportunity} opportunity, {v.Won} won").ToList()));
        }
        var subtitle = $"{answer.Period} · {answer.Leads} leads offered · agreement v{answer.Version}{(answer.Truncated ? " · only the first leads were read" : "")}";
        return new ChatReply(new SectionsView("Criteria review", subtitle, sections));
    }

    private static ChatReply Step(ProposalStep step, bool ephemeral)
    {
        if (step.State is not { } s || step.Refusal is not null) return Fail(step.Refusal == ProposalRefusal.NotAllowed ? "Not allowed" : "Not done", step.Message ?? "Nothing changed.");
        var lines = new List<string> { s.Proposal.Summary };
        if (s.Proposal.Effect is { } effect) lines.Add(effect);
        if (s.Proposal.Warning is { } warning) lines.Add("⚠️ " + warning);
        lines.AddRange(s.Approvals.Select(a => $"approved by {a.ByName} ({(a.Sales ? "sales" : "marketing")}){(a.Comment is { } c ? ": " + c : "")}"));
        if (s.Status == ProposalStatus.Pending) lines.Add($"Waits for {s.Waiting}: criteria approve {s.Proposal.Id} [comment], or criteria decline {s.Proposal.Id} <comment>.");
        if (s.Status == ProposalStatus.Declined) lines.Add($"Declined by {s.Decision!.By}{(s.Decision.Comment is { } dc ? ": " + dc : "")}");
        var title = s.Status switch
        {
            ProposalStatus.Applied => $"Applied: agreement v{s.Decision!.Version}",
            ProposalStatus.Declined => "Proposal declined",
            _ => $"Proposal {s.Proposal.Id}",
        };
        return new ChatReply(new SectionsView(title, step.Message ?? "", [new SectionView(s.Proposal.Id, lines)]), ephemeral);
    }

    private static string? Comment(string[] rest) => rest.Length > 1 ? string.Join(' ', rest[1..]) : null;

    private static string Range(int? min, int? max) => (min, max) switch
    {
        ({ } a, { } b) => string.Create(CultureInfo.InvariantCulture, $"{a:N0}–{b:N0}"),
        ({ } a, null) => string.Create(CultureInfo.InvariantCulture, $"{a:N0}+"),
        (null, { } b) => string.Create(CultureInfo.InvariantCulture, $"up to {b:N0}"),
        _ => "any",
    };

    private static ChatReply Fail(string title, string message) => new(new Problem(title, message));

    private static ChatReply NotOnRoster(ChatContext context) => Fail("You're not on a roster",
        $"LeadBot doesn't know you ({context.User}) yet. Ask your LeadBot admin to add your email to a sales team or the marketing roster.");
}
