using LeadBot.Cards;
using LeadBot.Handoff.Delivery;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;
using LeadBot.Telemetry;
using LeadBot.Webhooks;

namespace LeadBot.Handoff;

/// <summary>
/// What reps and systems of record do to a lead: accept (claim), reject, and report outcomes.
/// Each step re-reads the lead and writes it with a version check, so of any number of concurrent clicks exactly one wins
/// and the others are told who did.
/// </summary>
public sealed class LeadActions(
    ILeadStore store, Roster roster, Router router, WebhookMessages webhooks, OutboxSignal signal, LeadBotMetrics metrics, TimeProvider clock)
{
    private const int MaxAttempts = 20;

    public StepResult Claim(string leadId, Actor actor, string channel) => Step(leadId, lead =>
    {
        var rep = roster.Find(actor);
        if (rep is null) return Refuse.NotOnRoster(lead, actor);
        if (lead.Owner is { } owner)
        {
            return string.Equals(owner.Email, rep.Email, StringComparison.OrdinalIgnoreCase)
                ? StepResult.Done(lead, "You already own this lead.")
                : StepResult.Conflict(lead, $"{owner.DisplayName} already accepted this lead{Ago(lead.ClaimedAt)}.");
        }
        if (!Lifecycle.CanMove(lead.State, LeadState.Accepted)) return StepResult.Conflict(lead, Lifecycle.Refusal(lead.State, LeadState.Accepted));
        if (lead.Team is { } team && !rep.CanWork(team)) return StepResult.Forbidden(lead, $"This lead is for the {team} team; you are not on it.");
        if (OfferedToSomeoneElse(lead, rep)) return StepResult.Forbidden(lead, "This lead is offered to another rep right now.");
        if (router.Team(lead.Team) is { } t)
        {
            var open = store.CountOpenOwnedBy(rep.Email);
            var capacity = roster.CapacityOf(rep.Email, t);
            if (open >= capacity)
                return StepResult.Conflict(lead, $"You already have {open} open leads, your limit is {capacity}. Record outcomes on some of them first (my leads).");
        }

        var now = clock.GetUtcNow();
        var since = lead.OfferedAt ?? lead.ReceivedAt;
        var claimed = Next(lead, LeadState.Accepted, now) with
        {
            Owner = new LeadOwner(rep.Email, rep.Name), ClaimedAt = now, OfferedTo = null,
        };
        var ev = Event(lead, LeadState.Accepted.Name(), now, rep.Name, channel) with { Details = [$"time to claim {Durations.Words(now - since)}"] };
        var details = new OutboxMessage
        {
            Id = $"{OutboxMessage.Kinds.Claimed}:{lead.Id}", Kind = OutboxMessage.Kinds.Claimed, LeadId = lead.Id, Audience = Audiences.Rep(rep.Email), CreatedAt = now, DueAt = now,
        };
        return new LeadChange(claimed, [ev], [CardUpdates.For(lead, now), details]);
    }, claimed =>
    {
        // Called once the claim is written (again only if LiteDB's group commit had to redo the whole group).
        metrics.Claimed(claimed);
        return $"You accepted {claimed.DisplayName}. The lead is yours.";
    });

    public StepResult Reject(string leadId, Actor actor, string? reason, string? comment, string channel) => Step(leadId, lead =>
    {
        if (string.IsNullOrWhiteSpace(reason) || !RejectionReasons.IsValid(reason))
            return StepResult.Invalid(lead, "Choose a reason for rejecting the lead.");
        if (RejectionReasons.RequiresComment(reason) && string.IsNullOrWhiteSpace(comment))
            return StepResult.Invalid(lead, "Tell marketing why in a comment when the reason is \"other\".");
        var rep = roster.Find(actor);
        if (rep is null) return Refuse.NotOnRoster(lead, actor);
        if (lead.Owner is { } owner) return StepResult.Conflict(lead, $"{owner.DisplayName} already accepted this lead; they can record it as disqualified.");
        // A repeated click (a redelivered invoke, a retry after a restart) finds its rejection done, even once the lead has
        // moved on to another rep: it must not reject the lead a second time.
        if (lead.RejectedBy.Contains(rep.Email, StringComparer.OrdinalIgnoreCase)) return StepResult.Conflict(lead, "You already rejected this lead.");
        if (!Lifecycle.CanMove(lead.State, LeadState.Rejected)) return StepResult.Conflict(lead, Lifecycle.Refusal(lead.State, LeadState.Rejected));
        if (lead.Team is { } team && !rep.CanWork(team)) return StepResult.Forbidden(lead, $"This lead is for the {team} team; you are not on it.");
        // The same rule as Accept: after a re-offer, the earlier rep's card must not reject it for the new one.
        if (OfferedToSomeoneElse(lead, rep)) return StepResult.Forbidden(lead, "This lead is offered to another rep right now.");

        var now = clock.GetUtcNow();
        var rejected = Next(lead, LeadState.Rejected, now) with
        {
            OfferedTo = null,
            RejectedBy = [.. lead.RejectedBy, rep.Email],
            RejectionReason = reason,
            RejectionComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
        };
        var ev = Event(lead, LeadState.Rejected.Name(), now, rep.Name, channel) with { Reason = reason, Comment = rejected.RejectionComment };
        var toMarketing = new OutboxMessage
        {
            Id = $"{OutboxMessage.Kinds.Rejected}:{lead.Id}:{rep.Email.ToLowerInvariant()}", Kind = OutboxMessage.Kinds.Rejected, LeadId = lead.Id,
            Audience = Audiences.Marketing, CreatedAt = now, DueAt = now,
        };
        return new LeadChange(rejected, [ev], [CardUpdates.For(lead, now), toMarketing]);
    }, rejected => $"You rejected {rejected.DisplayName} ({RejectionReasons.Label(rejected.RejectionReason!)}). Marketing has been told why.");

    /// <summary>An outcome from a rep (who must own the lead or manage its team) or, with a null actor, from a system of record.</summary>
    /// <param name="date">When it happened, as the system of record says; kept on the event (the event itself is dated when recorded).</param>
    public StepResult RecordOutcome(string leadId, Actor? actor, string? outcome, string channel, decimal? amount = null, string? comment = null, DateTimeOffset? date = null) => Step(leadId, lead =>
    {
        if (!LeadStates.TryParse(outcome, out var to) || !Lifecycle.Outcomes.Contains(to))
            return StepResult.Invalid(lead, $"Unknown outcome '{outcome}'. Use one of: {string.Join(", ", Lifecycle.Outcomes.Select(s => s.Name()))}.");
        if (date > clock.GetUtcNow().AddDays(1)) return StepResult.Invalid(lead, $"The outcome date {date:yyyy-MM-dd} is in the future.");
        string who = "system of record";
        if (actor is not null)
        {
            var rep = roster.Find(actor);
            if (rep is null) return Refuse.NotOnRoster(lead, actor);
            var owns = lead.Owner is { } o && string.Equals(o.Email, rep.Email, StringComparison.OrdinalIgnoreCase);
            var manages = lead.Team is { } t && rep.ManagerOf.Contains(t, StringComparer.OrdinalIgnoreCase);
            if (!owns && !manages) return StepResult.Forbidden(lead, "Only the rep who owns this lead (or a manager of its team) can record its outcome.");
            who = rep.Name;
        }
        if (lead.State == to) return StepResult.Done(lead, $"Already recorded as {to.Name()}.");
        if (!Lifecycle.CanMove(lead.State, to)) return StepResult.Conflict(lead, Lifecycle.Refusal(lead.State, to));

        var now = clock.GetUtcNow();
        var next = Next(lead, to, now) with { Amount = amount ?? lead.Amount };
        var ev = Event(lead, to.Name(), now, who, channel) with
        {
            Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            Details = new[] { amount is null ? null : $"amount {amount}", date is { } d ? $"date {d:yyyy-MM-dd}" : null }.OfType<string>().ToList() is { Count: > 0 } details ? details : null,
        };
        return new LeadChange(next, [ev], [CardUpdates.For(lead, now)]);
    }, next => $"Recorded {next.DisplayName} as {next.State.Name()}.");

    private StepResult Step(string leadId, Func<Lead, object> decide, Func<Lead, string> done)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (result, change) = store.RunTogether(() =>
            {
                var lead = store.Find(leadId);
                if (lead is null) return (StepResult.NotFound(leadId), null);
                // The person's data is gone: nobody can work the lead or write new text about them on it.
                if (lead.ErasedAt is not null) return (StepResult.Conflict(lead, "This lead's personal data was erased; it can no longer be changed."), null);
                var decided = decide(lead);
                if (decided is StepResult answer) return (answer, null);
                var c = webhooks.With((LeadChange)decided);
                return store.TryUpdate(c) ? (StepResult.Done(c.Lead, done(c.Lead)), c) : ((StepResult?)null, (LeadChange?)null);
            }, reads: leadId);
            if (change?.Outbox is { Count: > 0 } outbox) signal.Poke(outbox.Select(m => m.Audience));
            if (result is not null) return result;
            // Somebody changed the lead between our read and our write: decide again on what they left.
        }
        var last = store.Find(leadId)!;
        return StepResult.Conflict(last, "The lead is changing too fast right now; try again in a moment.");
    }

    /// <summary>A round-robin offer belongs to one rep (and the team's managers) until it moves on.</summary>
    private static bool OfferedToSomeoneElse(Lead lead, Rep rep) =>
        lead.OfferedTo is { } offeredTo && !string.Equals(offeredTo, rep.Email, StringComparison.OrdinalIgnoreCase)
        && !(lead.Team is { } team && rep.ManagerOf.Contains(team, StringComparer.OrdinalIgnoreCase));

    private static Lead Next(Lead lead, LeadState to, DateTimeOffset now) =>
        lead with { State = to, UpdatedAt = now, Version = lead.Version + 1 };

    private static LeadEvent Event(Lead lead, string type, DateTimeOffset now, string actor, string channel) =>
        new() { LeadId = lead.Id, At = now, Type = type, From = lead.State.Name(), Actor = actor, Channel = channel };

    private string Ago(DateTimeOffset? at) => at is { } t ? $" {Durations.Words(clock.GetUtcNow() - t)} ago" : "";

    private static class Refuse
    {
        public static StepResult NotOnRoster(Lead lead, Actor actor) => StepResult.Forbidden(lead,
            $"You ({actor}) are not on a sales team roster, so LeadBot can't give you leads. Ask your LeadBot admin to add you.");
    }
}
