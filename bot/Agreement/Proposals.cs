using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;
using LeadBot.Webhooks;

namespace LeadBot.Agreement;

/// <summary>What a proposal step did. <see cref="Refusal"/> is set when nothing changed and says why.</summary>
public sealed record ProposalStep(ProposalState? State, ProposalRefusal? Refusal, string? Message = null)
{
    public static ProposalStep Refused(ProposalRefusal kind, string message) => new(null, kind, message);
}

public enum ProposalRefusal { NotFound, NotAllowed, Invalid, Closed }

/// <summary>
/// Proposals and their approval by both sides. A proposal applies the moment a sales manager and a marketing roster
/// member (two people) have approved it; a decline by either side closes it. Each closing is one document that only
/// the first writer gets (with the new agreement version, for an apply), so a decline racing the last approval, or two
/// last approvals racing each other, end one way only.
/// </summary>
public sealed class Proposals(
    ILeadStore store, IAtomicDocuments documents, Agreements agreements, Roster roster, CriteriaReview review, ProposalNotices notices,
    WebhookMessages webhooks, TimeProvider clock)
{
    public const string ProposalsBag = "agreement-proposals", ApprovalsBag = "agreement-approvals", DecisionsBag = "agreement-decisions",
        OnceBag = "agreement-proposed-once";
    public const string ReviewAuthor = "review";

    public ProposalStep Propose(string text, Actor by, string? comment)
    {
        var (change, error) = ProposedChange.Parse(text);
        if (change is null) return ProposalStep.Refused(ProposalRefusal.Invalid, error!);
        if (roster.Find(by) is not { } rep) return ProposalStep.Refused(ProposalRefusal.NotAllowed, $"{by} is not on a sales team or the marketing roster, so cannot propose changes to the agreement.");
        return Propose(change, rep.Email, rep.Name, comment);
    }

    /// <summary>Stores the proposal with its evidence (the last 30 days re-run under the change); refused when the change does not apply.</summary>
    /// <param name="once">A key only one proposal may ever take (the weekly review's slot and change): another instance
    /// running the same review stores nothing, and is refused as <see cref="ProposalRefusal.Closed"/>.</param>
    public ProposalStep Propose(ProposedChange change, string by, string byName, string? comment, string? once = null)
    {
        var current = agreements.Current;
        var (next, error) = change.ApplyTo(current);
        if (next is null) return ProposalStep.Refused(ProposalRefusal.Invalid, error!);
        var now = clock.GetUtcNow();
        // Up to and including now: PostgreSQL keeps microseconds, so a bound one tick past now would round back onto it.
        var effect = change.IsCriteria ? review.Effect(current, next, now.AddDays(-30), now.AddMilliseconds(1)) : null;
        var proposal = new Proposal
        {
            Id = "P" + LeadId.New(now)[1..], At = now, By = by, ByName = byName, Change = change, Summary = change.Describe(current),
            Effect = effect?.Describe("in the last 30 days"), Warning = effect?.Warning, Comment = Clean(comment), BaseVersion = current.Version,
        };
        NewDocument[] written = once is null
            ? [new NewDocument(ProposalsBag, proposal.Id, proposal)]
            : [new NewDocument(ProposalsBag, proposal.Id, proposal), new NewDocument(OnceBag, once, proposal.Id)];
        if (!documents.TryAddAll(written, notices.Cards(proposal))) return ProposalStep.Refused(ProposalRefusal.Closed, once is null ? "That proposal could not be stored; please propose it again." : $"{once} was proposed already.");
        notices.Sent();
        return new ProposalStep(State(proposal), null, $"Proposal {proposal.Id}: {proposal.Summary}. It applies once a sales manager and a marketer approve it.");
    }

    public ProposalState? Find(string id) => store.Get<Proposal>(ProposalsBag, id.Trim().ToUpperInvariant()) is { } p ? State(p) : null;

    /// <summary>Open proposals, oldest first.</summary>
    public IReadOnlyList<ProposalState> Pending() => store.List<Proposal>(ProposalsBag)
        .Select(State).Where(s => s.Status == ProposalStatus.Pending).OrderBy(s => s.Proposal.At).ToList();

    public ProposalStep Approve(string id, Actor by, string? comment) => Decide(id, by, (state, rep, sales, marketing) =>
    {
        if (state.Status == ProposalStatus.Declined) return new ProposalStep(null, ProposalRefusal.Closed, $"Proposal {state.Proposal.Id} was declined by {state.Decision!.By}.");
        if (state.Status == ProposalStatus.Applied) return new ProposalStep(state, null, $"Proposal {state.Proposal.Id} is applied already ({Label(state)}).");
        var now = clock.GetUtcNow();
        var approval = new ProposalApproval(state.Proposal.Id, rep.Email, rep.Name, sales, marketing, now, Clean(comment));
        // Approving twice is the same yes: the key is the person.
        if (documents.TryAddAll([new NewDocument(ApprovalsBag, ApprovalKey(state.Proposal.Id, rep.Email), approval)], notices.Update(state.Proposal.Id))) notices.Sent();
        return TryApply(state.Proposal, now);
    });

    public ProposalStep Decline(string id, Actor by, string? comment) => Decide(id, by, (state, rep, _, _) =>
    {
        if (state.Status == ProposalStatus.Applied) return new ProposalStep(null, ProposalRefusal.Closed, $"Proposal {state.Proposal.Id} is applied already ({Label(state)}); propose the opposite change to undo it.");
        if (state.Status == ProposalStatus.Declined) return new ProposalStep(state, null, $"Proposal {state.Proposal.Id} was declined by {state.Decision!.By}.");
        var decision = new ProposalDecision(state.Proposal.Id, ProposalStatus.Declined, rep.Email, clock.GetUtcNow(), Clean(comment), null);
        if (documents.TryAddAll([new NewDocument(DecisionsBag, state.Proposal.Id, decision)], notices.Update(state.Proposal.Id))) notices.Sent();
        var after = State(state.Proposal);
        return new ProposalStep(after, null, after.Status == ProposalStatus.Declined ? $"Proposal {state.Proposal.Id} declined." : $"Proposal {state.Proposal.Id} was {after.Status} first.");
    });

    /// <summary>Runs a decision by someone who holds a role for this proposal; unknown ids and people without the role are refused.</summary>
    private ProposalStep Decide(string id, Actor by, Func<ProposalState, Rep, bool, bool, ProposalStep> decide)
    {
        if (Find(id) is not { } state) return ProposalStep.Refused(ProposalRefusal.NotFound, $"There is no proposal {id}.");
        if (Role(state.Proposal, by) is not ({ } rep, var sales, var marketing) || !(sales || marketing))
            return ProposalStep.Refused(ProposalRefusal.NotAllowed, WhoMay(state.Proposal, by));
        return decide(state, rep, sales, marketing);
    }

    private ProposalStep TryApply(Proposal proposal, DateTimeOffset now)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var state = State(proposal);
            if (state.Status != ProposalStatus.Pending || !state.BothSides)
                return new ProposalStep(state, null, state.Status == ProposalStatus.Pending ? $"Approved. Proposal {proposal.Id} now waits for {state.Waiting}." : $"Proposal {proposal.Id} is {Label(state)}.");
            agreements.Refresh();
            var current = agreements.Current;
            var (next, error) = proposal.Change.ApplyTo(current);
            if (next is null)
            {
                // Another change got there first (Retail is gone already): close it, saying why, rather than leave it open forever.
                if (documents.TryAddAll([new NewDocument(DecisionsBag, proposal.Id,
                    new ProposalDecision(proposal.Id, ProposalStatus.Declined, ReviewAuthor, now, $"No longer applies to {current.Label}: {error}", null))], notices.Update(proposal.Id)))
                    notices.Sent();
                continue;
            }
            next = next with
            {
                ApprovedBy = state.Approvals.Select(a => a.By).ToList(), ApprovedAt = now, ProposalId = proposal.Id,
                Change = $"{proposal.Summary} (proposal {proposal.Id} by {proposal.ByName})",
            };
            var decision = new ProposalDecision(proposal.Id, ProposalStatus.Applied, state.Approvals[^1].By, now, null, next.Version);
            // Receivers hear of the new version in its own transaction: sent if and only if it was written.
            var changed = webhooks.About(WebhookEventTypes.AgreementChanged, $"agreement.v{next.Version}", now, AgreementChanged.Of(next, current));
            if (agreements.TryAdd(next, [new NewDocument(DecisionsBag, proposal.Id, decision)], [.. notices.Update(proposal.Id), .. changed]))
            {
                notices.Sent();
                return new ProposalStep(State(proposal), null, $"Applied: {next.Label} is in force ({proposal.Summary}).");
            }
        }
        throw new InvalidOperationException($"Proposal {proposal.Id} kept racing other changes of the agreement.");
    }

    private ProposalState State(Proposal p)
    {
        var decision = store.Get<ProposalDecision>(DecisionsBag, p.Id);
        var approvals = store.List<ProposalApproval>(ApprovalsBag, p.Id + "/").OrderBy(a => a.At).ToList();
        return new ProposalState(p, decision?.Status ?? ProposalStatus.Pending, approvals, decision);
    }

    /// <summary>
    /// Which side the person approves for: sales, as a manager of the team a commitment change is about (any team's
    /// manager for the criteria, which every team shares); marketing, as a member of the marketing roster.
    /// </summary>
    private (Rep Rep, bool Sales, bool Marketing)? Role(Proposal p, Actor by)
    {
        if (roster.Find(by) is not { } rep) return null;
        var sales = p.Change.Team is { } team ? rep.ManagerOf.Contains(team, StringComparer.OrdinalIgnoreCase) : rep.IsManager;
        return (rep, sales, rep.IsMarketing);
    }

    private static string WhoMay(Proposal p, Actor by) =>
        $"{by} may not decide on proposal {p.Id}: it needs {(p.Change.Team is { } t ? $"a manager of {t}" : "a sales manager")} or a member of the marketing roster.";

    private static string Label(ProposalState s) => s.Status == ProposalStatus.Applied ? $"applied as agreement v{s.Decision!.Version}" : s.Status;

    private static string ApprovalKey(string id, string email) => $"{id}/{email.Trim().ToLowerInvariant()}";

    private static string? Clean(string? comment) => string.IsNullOrWhiteSpace(comment) ? null : comment.Trim() is var c && c.Length > 1000 ? c[..1000] : comment.Trim();
}
