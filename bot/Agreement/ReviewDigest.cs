using LeadBot.Cards;
using LeadBot.Handoff.Delivery;
using LeadBot.Insights;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Agreement;

/// <summary>
/// The weekly review (<c>Criteria:Review:Cron</c>): over the 7 days before each slot, the changes the evidence supports
/// become proposals (by "the weekly review"; their cards go out with Approve / Decline), and the scorecard says who
/// missed their commitment. When either has something to say, one digest goes to marketing and one to each sales
/// manager (once, however many teams they manage); otherwise the week passes silently.
/// </summary>
public sealed class ReviewDigest(
    DigestSlots slots, CriteriaReview review, Scorecard scorecard, Proposals proposals, Router router, ILeadStore store, OutboxSignal signal,
    IOptionsMonitor<CriteriaReviewOptions> options, ILogger<ReviewDigest> log)
{
    public const string Schedule = "agreement-review";
    private const string Reviewer = "the weekly review";

    /// <summary>Runs the review if its slot has come since the last run; returns the digests enqueued (none in a quiet week).</summary>
    public IReadOnlyList<OutboxMessage> RunDue()
    {
        var o = options.CurrentValue;
        if (DigestSlots.Cron(o.Cron) is not { } cron) return [];
        var zone = DigestSlots.Zone(o.TimeZone);
        if (slots.Due(Schedule, cron, zone) is not { } slot) return [];
        var period = Period.Previous(7, slot, zone, "last 7 days");
        var evidence = review.Review(period);
        var score = scorecard.Build(period);
        var proposed = Propose(evidence, slot);
        var missed = score.Teams.SelectMany(t => t.Missed.Select(m => $"{t.Team}: {m}")).ToList();
        if (evidence.Proposals.Count == 0 && missed.Count == 0)
        {
            log.LogInformation("Weekly agreement review for {Period}: nothing qualifies and both sides kept their word; no digest", period.Label);
            slots.Done(Schedule);
            return [];
        }
        var view = View(evidence, proposed, missed, score.Version, period);
        var payload = new DigestPayload(DigestPayload.ReviewType, $"Weekly agreement review · {period.Label}", Review: view);
        var stamp = slot.UtcDateTime.ToString("yyyyMMddTHHmm", System.Globalization.CultureInfo.InvariantCulture);
        var managers = router.Teams.SelectMany(t => t.Managers).Select(m => m.Email.Trim().ToLowerInvariant()).Distinct().Order();
        List<OutboxMessage> messages =
        [
            slots.Message($"digest:review:{stamp}:marketing", Audiences.Marketing, payload),
            .. managers.Select(email => slots.Message($"digest:review:{stamp}:{email}", Audiences.Rep(email), payload)),
        ];
        store.Enqueue(messages);
        log.LogInformation("Weekly agreement review for {Period}: {Changes} change(s), {Missed} missed commitment(s); digest queued for marketing and {Managers} manager(s)",
            period.Label, evidence.Proposals.Count, missed.Count, messages.Count - 1);
        slots.Done(Schedule);
        signal.Poke();
        return messages;
    }

    /// <summary>
    /// Each supported change becomes a proposal once per slot (<see cref="Proposals.Propose"/>'s once key), unless the same
    /// change is already open; returns the open proposal for each change.
    /// </summary>
    private Dictionary<string, ProposalState> Propose(CriteriaReviewAnswer evidence, DateTimeOffset slot)
    {
        var open = proposals.Pending();
        var result = new Dictionary<string, ProposalState>(StringComparer.OrdinalIgnoreCase);
        foreach (var change in evidence.Proposals)
        {
            if (open.FirstOrDefault(p => string.Equals(p.Proposal.Change.ToString(), change.Change, StringComparison.OrdinalIgnoreCase)) is { } already)
            {
                result[change.Change] = already;
                continue;
            }
            if (ProposedChange.Parse(change.Change).Change is not { } parsed) continue;
            var once = $"{Schedule}:{slot.UtcDateTime:yyyyMMddTHHmm}:{change.Change.ToLowerInvariant()}";
            var step = proposals.Propose(parsed, Proposals.ReviewAuthor, Reviewer, $"{change.Why}.", once);
            if (step.State is { } state) result[change.Change] = state;
        }
        return result;
    }

    private static SectionsView View(CriteriaReviewAnswer evidence, Dictionary<string, ProposalState> proposed, List<string> missed, int version, Period period)
    {
        var sections = new List<SectionView>();
        if (evidence.Proposals.Count > 0)
            sections.Add(new SectionView("Changes the evidence supports", [.. evidence.Proposals.SelectMany(c => new[]
            {
                $"{c.Summary}: {c.Why}.", c.Effect + ".", c.Warning is { } w ? "⚠️ " + w : null,
                proposed.TryGetValue(c.Change, out var p) ? $"Proposal {p.Proposal.Id} waits for {p.Waiting ?? "nobody"}: approve or decline it on its card, or criteria approve {p.Proposal.Id}." : null,
            }.OfType<string>())]));
        if (missed.Count > 0) sections.Add(new SectionView("Commitments missed", missed));
        return new SectionsView("Weekly agreement review", $"{period.Label} · agreement v{version} · {evidence.Leads} leads offered", sections);
    }
}

/// <summary>Checks the review's schedule as often as the other digests check theirs.</summary>
internal sealed class ReviewLoop(ReviewDigest digest, IOptions<InsightsOptions> options, TimeProvider clock, ILogger<ReviewLoop> log)
    : DigestCheck(options, clock, log)
{
    protected override string What => "Weekly agreement review";
    protected override void RunDue() => digest.RunDue();
}
