using LeadBot.Agreement;
using LeadBot.Handoff;
using LeadBot.Handoff.Delivery;
using LeadBot.Leads;
using LeadBot.Qualification;
using LeadBot.Routing;
using LeadBot.Storage;
using LeadBot.Telemetry;
using LeadBot.Webhooks;

namespace LeadBot.Intake;

public enum IntakeStatus { Created, Unchanged, Updated }

public sealed record IntakeOutcome(Lead Lead, IntakeStatus Status, IReadOnlyList<string> Changed);

/// <summary>
/// Takes validated leads in: qualifies, routes and offers new ones in the same transaction that stores them
/// (so an accepted lead is always announced exactly once), and treats a repeat of source+externalId as the same lead.
/// </summary>
public sealed class LeadIntake(
    ILeadStore store, Agreements agreements, Router router, Offers offers, WebhookMessages webhooks, OutboxSignal signal, LeadBotMetrics metrics,
    TimeProvider clock)
{
    public IReadOnlyList<IntakeOutcome> Receive(IReadOnlyList<Lead> candidates, string channel = LeadEvent.Channels.Api)
    {
        // One store call for the whole batch, and for other requests' leads arriving at the same moment: one lead per
        // request is how most senders post, and sixteen of them admitted as one batch cost the store what a batch does.
        var (inserted, audiences) = store.RunBatched("intake", new Arrival(candidates, channel), AdmitNew);
        if (audiences.Count > 0) signal.Poke(audiences);
        foreach (var lead in inserted.Values) metrics.Received(lead);
        // Anything not inserted by this call (stored before, repeated within the batch, or inserted concurrently) is a repeat.
        var outcomes = new List<IntakeOutcome>(candidates.Count);
        foreach (var candidate in candidates)
        {
            outcomes.Add(inserted.Remove(candidate.Key, out var lead)
                ? new IntakeOutcome(lead, IntakeStatus.Created, [])
                : Repeat(candidate, channel));
        }
        return outcomes;
    }

    /// <summary>The leads of one <see cref="Receive"/> call, and the channel they came through.</summary>
    private sealed record Arrival(IReadOnlyList<Lead> Candidates, string Channel);

    /// <summary>An arrival's inserted leads by key, and the audiences their messages were enqueued for.</summary>
    private sealed record Admitted(Dictionary<string, Lead> Leads, HashSet<string> Audiences);

    /// <summary>
    /// In one store scope: the existence check, the round-robin picks and the insert of every lead new to the store, each
    /// arrival's inserted leads by key. A lead in two arrivals is inserted for the first, a repeat for the second, as if
    /// they had come one after the other.
    /// </summary>
    private IReadOnlyList<Admitted> AdmitNew(IReadOnlyList<Arrival> arrivals)
    {
        var now = clock.GetUtcNow();
        var known = new HashSet<string>(store.ExistingKeys(arrivals.SelectMany(a => a.Candidates).Select(c => c.Key).ToHashSet()), StringComparer.Ordinal);
        var fresh = new List<(int Arrival, LeadChange Change)>();
        for (var i = 0; i < arrivals.Count; i++)
        {
            foreach (var c in arrivals[i].Candidates)
            {
                if (known.Add(c.Key)) fresh.Add((i, Admit(c with { ReceivedAt = now, UpdatedAt = now }, now, arrivals[i].Channel)));
            }
        }
        var results = store.Insert(fresh.Select(f => f.Change).ToList());
        var inserted = arrivals.Select(_ => new Admitted(new(StringComparer.Ordinal), new(StringComparer.Ordinal))).ToList();
        for (var k = 0; k < fresh.Count; k++)
        {
            if (!results[k].Inserted) continue;
            var admitted = inserted[fresh[k].Arrival];
            admitted.Leads[results[k].Lead.Key] = results[k].Lead;
            admitted.Audiences.UnionWith(fresh[k].Change.Outbox?.Select(m => m.Audience) ?? []);
        }
        return inserted;
    }

    private LeadChange Admit(Lead lead, DateTimeOffset now, string channel)
    {
        var events = new List<LeadEvent>
        {
            new() { LeadId = lead.Id, At = now, Type = LeadState.Received.Name(), Channel = channel, Details = Describe(lead) },
        };
        var (qualified, evs, message) = Qualify(lead, now, channel);
        events.AddRange(evs);
        return webhooks.With(new LeadChange(qualified, events, message is null ? null : [message]));
    }

    /// <summary>
    /// received/nurture → qualified → offered, or → nurture with the criteria it failed; either way under the agreement
    /// in force, whose version the lead and its history record.
    /// </summary>
    private (Lead Lead, List<LeadEvent> Events, OutboxMessage? Message) Qualify(Lead lead, DateTimeOffset now, string channel)
    {
        var agreement = agreements.Current;
        var result = Qualifier.Evaluate(lead, agreement.Rules);
        lead = lead with { CriteriaMet = result.Met, CriteriaFailed = result.Failed, AgreementVersion = agreement.Version };
        if (!result.Qualified)
        {
            var nurture = new LeadEvent
            {
                LeadId = lead.Id, At = now, Type = LeadState.Nurture.Name(), From = lead.State.Name(), Channel = channel,
                Reason = $"did not qualify: {string.Join("; ", result.Failed)} ({agreement.Label})",
                Details = [.. result.Met.Select(m => "met: " + m), .. result.Failed.Select(f => "failed: " + f), agreement.Label],
            };
            return (lead with { State = LeadState.Nurture }, [nurture], null);
        }
        var qualifiedEvent = new LeadEvent
        {
            LeadId = lead.Id, At = now, Type = LeadState.Qualified.Name(), From = lead.State.Name(), Channel = channel,
            Reason = $"{string.Join("; ", result.Met)} ({agreement.Label})", Details = [.. result.Met, agreement.Label],
        };
        var route = router.Route(lead);
        var (offered, offerEvent, message) = offers.Offer(lead with { State = LeadState.Qualified, RoutingReason = route.Reason }, route.Team, now, route.Reason, channel);
        return (offered, [qualifiedEvent, offerEvent], message);
    }

    /// <summary>The same lead again: unchanged is a no-op; changed fields update it (and a nurture lead that now qualifies is offered).</summary>
    private IntakeOutcome Repeat(Lead candidate, string channel)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = store.FindByKey(candidate.Source, candidate.ExternalId)
                ?? throw new InvalidOperationException("A lead reported as existing could not be read back.");
            var changed = Differences(stored, candidate);
            if (changed.Count == 0) return new IntakeOutcome(stored, IntakeStatus.Unchanged, []);

            var now = clock.GetUtcNow();
            var updated = stored with
            {
                Email = candidate.Email, FirstName = candidate.FirstName, LastName = candidate.LastName, Title = candidate.Title,
                Phone = candidate.Phone, Company = candidate.Company, Score = candidate.Score, Campaign = candidate.Campaign,
                QualifiedAt = candidate.QualifiedAt, Notes = candidate.Notes, Attributes = candidate.Attributes,
                UpdatedAt = now, Version = stored.Version + 1,
            };
            var events = new List<LeadEvent>
            {
                new() { LeadId = stored.Id, At = now, Type = "updated", Channel = channel, Reason = "changed: " + string.Join(", ", changed), Details = changed },
            };
            List<OutboxMessage> outbox = [];
            if (stored.State == LeadState.Nurture)
            {
                var (requalified, evs, message) = Qualify(updated, now, channel);
                updated = requalified with { Version = updated.Version };
                events.AddRange(evs);
                if (message is not null) outbox.Add(message);
            }
            else if (stored.State.IsWaiting() || stored.State.IsOpen())
            {
                outbox.Add(CardUpdates.For(stored, now));
            }
            var change = webhooks.With(new LeadChange(updated, events, outbox));
            if (store.TryUpdate(change))
            {
                if (change.Outbox is { Count: > 0 } queued) signal.Poke(queued.Select(m => m.Audience));
                return new IntakeOutcome(updated, IntakeStatus.Updated, changed);
            }
            if (attempt >= 10) throw new InvalidOperationException($"Lead {stored.Id} kept changing while it was being updated.");
        }
    }

    private static List<string> Describe(Lead lead) =>
        new[] { $"source {lead.Source}", lead.Campaign is null ? null : $"campaign {lead.Campaign}", lead.Score is null ? null : $"score {lead.Score}" }
            .OfType<string>().ToList();

    internal static List<string> Differences(Lead a, Lead b)
    {
        var changed = new List<string>();
        void Diff<T>(string name, T x, T y) { if (!EqualityComparer<T>.Default.Equals(x, y)) changed.Add(name); }
        Diff("email", a.Email, b.Email);
        Diff("firstName", a.FirstName, b.FirstName);
        Diff("lastName", a.LastName, b.LastName);
        Diff("title", a.Title, b.Title);
        Diff("phone", a.Phone, b.Phone);
        Diff("company", a.Company ?? new Company(), b.Company ?? new Company());
        Diff("score", a.Score, b.Score);
        Diff("campaign", a.Campaign, b.Campaign);
        Diff("qualifiedAt", a.QualifiedAt, b.QualifiedAt);
        Diff("notes", a.Notes, b.Notes);
        var attrsA = a.Attributes ?? new Dictionary<string, string>();
        var attrsB = b.Attributes ?? new Dictionary<string, string>();
        if (attrsA.Count != attrsB.Count || attrsA.Any(kv => !attrsB.TryGetValue(kv.Key, out var v) || v != kv.Value)) changed.Add("attributes");
        return changed;
    }
}
