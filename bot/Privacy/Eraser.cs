using LeadBot.Channels;
using LeadBot.Handoff;
using LeadBot.Handoff.Delivery;
using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Privacy;

/// <summary>Who asked for an erasure and why, in words without personal data (they go into the lead's history and the audit).</summary>
/// <param name="By">"api key 1a2b3c4d", "this machine", "retention".</param>
/// <param name="Why">"request by email", "retention: closed leads after 730 days".</param>
public sealed record ErasureRequest(string By, string Why, string Channel);

/// <summary>What one erasure changed; the API's answer.</summary>
public sealed record ErasureReport(
    IReadOnlyList<string> Leads, int Events, int Comments, int MessagesDropped, int MessagesRewritten, int CardsQueued, DateTimeOffset At);

/// <summary>
/// Erases people from leads: builds each lead's erased copy and history (<see cref="ErasedCopy"/>), has the store
/// rewrite everything it holds about them in one transaction, queues the card update that turns every posted card into
/// the erased view, tells <see cref="IErasureListener"/>s, and writes the audit entry. The store file still holds the
/// old bytes until the next compaction (<see cref="Compaction"/>), which this marks as due.
/// </summary>
public sealed class Eraser(
    ILeadStore store, IPersonalDataStore personal, Deliveries deliveries, PrivacyAudit audit, Compaction compaction,
    IEnumerable<IErasureListener> listeners, OutboxSignal signal, TimeProvider clock, ILogger<Eraser> log)
{
    private const int MaxAttempts = 10;
    private readonly IErasureListener[] _listeners = listeners.ToArray();

    public ErasureReport Erase(IReadOnlyList<Lead> leads, ErasureRequest request)
    {
        var people = leads.ToList(); // every version seen: a value changed meanwhile is still the person's
        var todo = leads.Where(l => l.ErasedAt is null).Select(l => l.Id).Distinct().ToList();
        var done = new List<string>();
        int events = 0, comments = 0, dropped = 0, rewritten = 0;
        var now = clock.GetUtcNow();
        for (var attempt = 0; todo.Count > 0; attempt++)
        {
            if (attempt == MaxAttempts) throw new InvalidOperationException($"Leads {string.Join(", ", todo)} kept changing while they were being erased.");
            now = clock.GetUtcNow();
            var current = todo.Select(store.Find).OfType<Lead>().Where(l => l.ErasedAt is null).ToList();
            people.AddRange(current);
            var redactor = Redactor.For(people);
            var erasures = current.Select(lead => Prepare(lead, redactor, request, now)).ToList();
            var results = personal.Erase(erasures, redactor);
            for (var i = 0; i < erasures.Count; i++)
            {
                if (results[i] is not { } counts) continue;
                done.Add(erasures[i].Lead.Id);
                events += counts.Events;
                comments += counts.Comments;
                dropped += counts.MessagesDropped;
                rewritten += counts.MessagesRewritten;
            }
            // Refused ones changed under us (a click, an intake update): read them again; gone or erased ones are done with.
            todo = [.. current.Select(l => l.Id).Except(done)];
        }
        if (done.Count == 0) return new ErasureReport([], 0, 0, 0, 0, 0, now);
        signal.Poke();
        var cards = done.Sum(id => deliveries.UpdatableCards(id).Count);
        var report = new ErasureReport(done, events, comments, dropped, rewritten, cards, now);
        audit.Record(request, report);
        compaction.MarkDue(now);
        log.LogInformation("Erased {Leads} lead(s) ({Why}, asked by {By}): {Events} events and {Comments} comments rewritten, {Dropped} unsent messages dropped, {Rewritten} sent messages scrubbed, {Cards} posted cards queued for the erased view",
            done.Count, request.Why, request.By, events, comments, dropped, rewritten, cards);
        return report;
    }

    private Erasure Prepare(Lead lead, Redactor redactor, ErasureRequest request, DateTimeOffset now)
    {
        var erased = ErasedCopy.Event(lead, now, request.By, request.Channel, "personal data erased: " + request.Why);
        var after = ErasedCopy.Of(lead, redactor, now);
        var history = ErasedCopy.History(store.History(lead.Id), redactor, erased);
        List<OutboxMessage> outbox = [CardUpdates.For(lead, now), .. _listeners.SelectMany(l => l.Erased(lead, after, erased))];
        return new Erasure(after, history, outbox);
    }
}
