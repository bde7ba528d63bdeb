using LeadBot.Leads;

namespace LeadBot.Storage;

/// <summary>
/// The few store operations the domain needs. Two implementations (LiteDB, PostgreSQL) share one contract
/// test suite, so anything that must be atomic is expressed here as one call, never as read-then-write by a caller.
/// </summary>
public interface ILeadStore
{
    /// <summary>The layout version the store has been migrated to.</summary>
    int SchemaVersion { get; }

    /// <summary>
    /// Runs several store calls as one unit where the store gains from it (LiteDB: one file open, one transaction).
    /// A performance scope only: correctness still comes from the conditional writes, and <paramref name="work"/> must be synchronous.
    /// LiteDB commits concurrent callers' work together, so work may run on another caller's thread and, when a neighbour
    /// in its group fails, run again: it must affect nothing but the store and its own result.
    /// </summary>
    T RunTogether<T>(Func<T> work);

    /// <summary>Null when the store answers; otherwise what is wrong, for /healthz.</summary>
    string? Probe();

    Lead? Find(string id);
    Lead? FindByKey(string source, string externalId);
    /// <summary>Which of these source+externalId keys (<see cref="Lead.Key"/>) are stored already.</summary>
    IReadOnlySet<string> ExistingKeys(IReadOnlyCollection<string> keys);
    IReadOnlyList<LeadEvent> History(string leadId);
    IReadOnlyList<Lead> FindLeads(LeadQuery query);
    /// <summary>
    /// One page of a scan over every lead in <paramref name="state"/>, in id order after <paramref name="after"/> (null:
    /// from the start), so a scan holds one page however many leads there are. A lead for which
    /// <paramref name="skip"/>(id, version) is true is passed over without being read: the caller already knows it has
    /// nothing to do for that version. <see cref="LeadPage.Next"/> is where the next page starts, null after the last.
    /// </summary>
    /// <param name="max">Leads examined in this page, skipped ones included.</param>
    LeadPage ScanLeads(LeadState state, string? after, int max, Func<string, int, bool>? skip = null);

    /// <summary>Open leads (accepted .. opportunity) owned by the rep; a kept count, whatever the rep's history.</summary>
    int CountOpenOwnedBy(string ownerEmail);

    /// <summary>
    /// Inserts each new lead with its events and outbox messages in one transaction. A lead whose source+externalId
    /// already exists is not inserted; its stored copy is returned instead so the caller can treat it as a repeat.
    /// </summary>
    IReadOnlyList<InsertResult> Insert(IReadOnlyList<LeadChange> changes);

    /// <summary>
    /// Writes the lead only if the stored copy still has <c>Version - 1</c> (a conditional update), with its events and
    /// outbox messages in the same transaction. False when somebody else changed the lead first: re-read and decide again.
    /// </summary>
    bool TryUpdate(LeadChange change);

    /// <summary>Appends events that change no lead state (reminders, escalations already reflected elsewhere).</summary>
    void Append(IReadOnlyList<LeadEvent> events, IReadOnlyList<OutboxMessage>? outbox = null);

    // Outbox: durable intents to send, taken under a lease so that several dispatchers never send one twice.
    void Enqueue(IReadOnlyList<OutboxMessage> messages);
    /// <param name="skipAudiences">Audiences the caller has enough of in hand: their messages stay in the store for later.</param>
    IReadOnlyList<OutboxMessage> TakeDue(DateTimeOffset now, int max, string worker, TimeSpan lease, IReadOnlyCollection<string>? skipAudiences = null);
    void Complete(string messageId, string worker, DateTimeOffset at);
    void Reschedule(string messageId, string worker, DateTimeOffset dueAt, string error, bool parkAsFailed);
    /// <summary>Gives a leased message back without counting an attempt: nobody to send it to yet, throttled, or shutting down.</summary>
    bool Release(string messageId, string worker, DateTimeOffset dueAt, string? note);
    OutboxStats OutboxStats();
    IReadOnlyList<OutboxMessage> FailedMessages(int max);
    bool Retry(string messageId, DateTimeOffset now);

    // Small keyed documents: conversation references, subscriptions, rep availability, round-robin cursors.
    T? Get<T>(string bag, string key) where T : class;
    void Put<T>(string bag, string key, T value) where T : class;
    bool Remove(string bag, string key);
    IReadOnlyList<T> List<T>(string bag) where T : class;
    /// <summary>The documents of a bag whose key starts with <paramref name="keyPrefix"/>, found by index, not by scan.</summary>
    IReadOnlyList<T> List<T>(string bag, string keyPrefix) where T : class;

    /// <summary>True the first time a key is seen (activity ids, Slack event ids); false for a replay.</summary>
    bool TryMarkOnce(string key, DateTimeOffset now, TimeSpan keepFor);

    // Aggregates for reports. Insert, TryUpdate and Append keep them in the same transaction as the events they write,
    // deriving every bump from those events with Aggregates.From and Aggregates.CommentOf (never anywhere else), and the
    // layout migration folds leads stored before aggregates existed into them. Reports never scan leads.

    /// <summary>
    /// Counters summed over [<paramref name="from"/>, <paramref name="to"/>), widened to whole UTC hours, one row per
    /// (team, source, campaign, metric) with a non-zero total. <paramref name="team"/> null means every team (and no team)
    /// summed together: each row then has an empty Team, as reports over all teams never split them.
    /// The cost must depend on the length of the range and the number of distinct dimensions, not on the number of leads.
    /// </summary>
    IReadOnlyList<CounterTotal> CounterTotals(DateTimeOffset from, DateTimeOffset to, string? team = null);

    /// <summary>The newest comments written in the query's range that match its filters, newest first, at most Max.</summary>
    IReadOnlyList<LeadComment> LatestComments(CommentQuery query);

    /// <summary>Leads waiting for a rep right now (offered or expired), oldest offer first, at most <paramref name="max"/>; by index, stopping at max.</summary>
    IReadOnlyList<Lead> Waiting(string? team, int max);

    /// <summary>How many leads are waiting now, and how many of them were offered before <paramref name="offeredBefore"/> (service-level breaches), without reading them.</summary>
    WaitingCounts CountWaiting(string? team, DateTimeOffset offeredBefore);
}

public sealed record WaitingCounts(int Total, int OfferedBefore);

public sealed record LeadChange(Lead Lead, IReadOnlyList<LeadEvent> Events, IReadOnlyList<OutboxMessage>? Outbox = null);

public sealed record InsertResult(Lead Lead, bool Inserted);

public sealed record LeadPage(IReadOnlyList<Lead> Leads, string? Next);

public sealed record LeadQuery
{
    public string? Team { get; init; }
    public string? Owner { get; init; }
    public string? OfferedTo { get; init; }
    public IReadOnlyList<LeadState>? States { get; init; }
    public DateTimeOffset? ReceivedFrom { get; init; }
    public DateTimeOffset? ReceivedTo { get; init; }
    public int Limit { get; init; } = 500;
}
