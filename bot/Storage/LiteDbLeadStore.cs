using LeadBot.Leads;
using LiteDB;

namespace LeadBot.Storage;

/// <summary>
/// The embedded store: one LiteDB file. Every write runs inside a LiteDB transaction under one in-process gate,
/// which is what makes a claim atomic (the version check and the write cannot interleave) and lets an intake batch,
/// its events and its outbox messages land together or not at all. Concurrent writes share transactions and commits
/// (LiteDbLeadStore.GroupCommit.cs); the layout's steps are in LiteDbLeadStore.Migrations.cs.
/// </summary>
public sealed partial class LiteDbLeadStore : ILeadStore, IDisposable
{
    private readonly LiteDatabase _db;
    private readonly Lock _gate = new();
    private int _depth; // open transaction scopes on the thread holding _gate
    private readonly ILiteCollection<BsonDocument> _leads, _events, _steps, _outbox, _kv, _once, _counters, _comments, _gauges;
    private int _onceWrites;
    private readonly bool _shared;

    public LiteDbLeadStore(string connectionString)
    {
        var cs = new ConnectionString(connectionString);
        if (Path.GetDirectoryName(Path.GetFullPath(cs.Filename)) is { } dir) Directory.CreateDirectory(dir);
        _shared = cs.Connection == ConnectionType.Shared;
        _recent = _shared ? null : new RecentLeads(RecentLeadsPerGeneration);
        _gaugesKept = _shared ? null : new(StringComparer.Ordinal);
        File = Path.GetFullPath(cs.Filename);
        _ownerLock = OwnFile(File, _shared);
        try { _db = new LiteDatabase(cs); }
        catch
        {
            _ownerLock?.Dispose();
            throw;
        }
        _leads = _db.GetCollection("leads");
        _events = _db.GetCollection("events");
        _steps = _db.GetCollection("steps");
        _outbox = _db.GetCollection("outbox");
        _kv = _db.GetCollection("kv");
        _once = _db.GetCollection("once");
        _counters = _db.GetCollection("counters");
        _comments = _db.GetCollection("comments");
        _gauges = _db.GetCollection("gauges");
        Migrate();
        // The layout steps write some gauges directly.
        _gaugesKept?.Clear();
        if (!cs.ReadOnly && _db.CheckpointSize != CheckpointPages) _db.CheckpointSize = CheckpointPages;
    }

    /// <summary>
    /// How many pages LiteDB gathers in its log before it copies them into the data file (its CHECKPOINT pragma, kept in
    /// the file's header; 1,000 by default). A burst of clicks dirties hundreds of pages per group commit, so at 1,000 every
    /// few groups stopped for a checkpoint under the write gate. At 2,500, eight alternating runs of <c>teams-accept</c>
    /// gave 1,559–2,059 accepts/s (median 1,925, p99 57–96 ms) against 1,279–1,717 (median 1,612, p99 66–130 ms), intake
    /// unchanged; at 10,000 the rarer checkpoint became one long stop (p99 176–183 ms). The log holds at most 20 MB.
    /// </summary>
    internal const int CheckpointPages = 2_500;

    public int SchemaVersion => Read(() => _db.UserVersion);

    /// <summary>Every document of every collection, as the open transaction sees the file (for tests of erasure: what the file still holds).</summary>
    internal IReadOnlyList<BsonDocument> EveryDocument() =>
        Read(() => _db.GetCollectionNames().SelectMany(c => _db.GetCollection(c).FindAll()).ToList());

    /// <summary>The file's full path, and whether other processes may open it (Connection=shared): for the start-up log.</summary>
    public string File { get; }

    public bool Shared => _shared;

    public string? Probe()
    {
        try
        {
            lock (_gate) _ = _db.UserVersion;
            return null;
        }
        catch (Exception e) when (e is LiteException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>A lead kept as committed is returned without a turn of the gate (LiteDbLeadStore.RecentLeads.cs).</summary>
    public Lead? Find(string id) =>
        (_gate.IsHeldByCurrentThread ? null : _recent?.Find(id)?.Lead) ?? Read(() => StoredLeadById(id)?.Lead);

    public Lead? FindByKey(string source, string externalId) =>
        Read(() => _leads.FindOne(LiteFilter.Eq("key", Lead.KeyOf(source, externalId))) is { } d ? StoreJson.Read<Lead>(d["json"].AsString) : null);

    public IReadOnlySet<string> ExistingKeys(IReadOnlyCollection<string> keys) => keys.Count == 0
        ? new HashSet<string>()
        : Read(() =>
        {
            var existing = _leads.Find(LiteFilter.In("key", keys.Select(k => new BsonValue(k)))).Select(d => d["key"].AsString).ToHashSet();
            if (InWriteScope) _knownAbsent.UnionWith(keys.Where(k => !existing.Contains(k)));
            return existing;
        });

    /// <summary>
    /// Keys <see cref="ExistingKeys"/> found absent in the open transaction, so that <see cref="Insert"/> in the same
    /// transaction need not look them up again (intake asks first, to route only new leads, then inserts them: the second
    /// lookup was a twentieth of its store time). Nothing else writes under the gate meanwhile; Insert forgets the keys it
    /// inserts, and every transaction starts with an empty set.
    /// </summary>
    private readonly HashSet<string> _knownAbsent = new(StringComparer.Ordinal);

    private bool InWriteScope => _depth > 0 && _gate.IsHeldByCurrentThread;

    /// <remarks>
    /// Steps written before layout 9 are in "events", found by their leadId index; later ones in "steps", whose ids start
    /// with the lead's id, so the primary key finds them and no second index is written per step. Steps can share a
    /// timestamp: the ObjectId keeps them in the order they were written (every legacy step was written before any new
    /// one), the array within a step.
    /// </remarks>
    public IReadOnlyList<LeadEvent> History(string leadId) => Read(() =>
    {
        var legacy = _events.Find(LiteFilter.Eq("leadId", leadId)).Select(d => (At: d["at"].AsDateTime, Order: (0, d["_id"].AsObjectId), Doc: d));
        var steps = _steps.Find(LiteFilter.StartsWith("_id", StepPrefix(leadId)))
            .Where(d => d["leadId"].AsString == leadId) // the range is by LiteDB's collation; the lead id decides
            .Select(d => (At: d["at"].AsDateTime, Order: (1, new ObjectId(d["_id"].AsString[StepPrefix(leadId).Length..])), Doc: d));
        return legacy.Concat(steps).OrderBy(s => s.At).ThenBy(s => s.Order)
            .SelectMany(s => s.Doc.TryGetValue("events", out var step) ? step.AsArray.Select(e => e.AsString) : [s.Doc["json"].AsString])
            .Select(StoreJson.Read<LeadEvent>).ToList();
    });

    private static string StepPrefix(string leadId) => leadId + "|";

    public IReadOnlyList<Lead> FindLeads(LeadQuery query) =>
        Read(() => (LeadFilter(query) is { } filter ? _leads.Find(filter, limit: query.Limit) : _leads.FindAll().Take(query.Limit))
            .Select(d => StoreJson.Read<Lead>(d["json"].AsString)).ToList());

    /// <summary>The query as one LiteDB filter; null for none (LiteDB refuses a constant "true" predicate).</summary>
    internal static BsonExpression? LeadFilter(LeadQuery query)
    {
        var terms = new List<(string, BsonValue[])>();
        if (query.Team is not null) terms.Add(("$.team = {0}", [query.Team]));
        // Only open leads have an owner in the openOwner index (layout 9): "my open leads" reads those, any other state
        // is filtered from the leads read by the other terms.
        if (query.Owner is not null && query.States is { Count: > 0 } states && states.All(s => s.IsOpen()))
            terms.Add((OpenOwnerIndexed + " ANY = {0}", [query.Owner.Trim().ToLowerInvariant()]));
        else if (query.Owner is not null) terms.Add(("$.owner = {0}", [query.Owner.ToLowerInvariant()]));
        if (query.OfferedTo is not null) terms.Add(("$.offeredTo = {0}", [query.OfferedTo.ToLowerInvariant()]));
        if (query.States is { Count: > 0 }) terms.Add(("$.state IN {0}", [new BsonArray(query.States.Select(s => new BsonValue(s.Name())))]));
        // Both ends as one BETWEEN: LiteDB runs ">= a AND < b" as a scan from a to the end of the index, so a past
        // month's export read every lead since. Dates are stored to the millisecond: "< b" is "<= the millisecond before".
        if (query.ReceivedFrom is { } from && query.ReceivedTo is { } to)
            terms.Add(("$.receivedAt BETWEEN {0} AND {1}", [from.UtcDateTime, LastMillisecondBefore(to)]));
        else if (query.ReceivedFrom is { } onlyFrom) terms.Add(("$.receivedAt >= {0}", [onlyFrom.UtcDateTime]));
        else if (query.ReceivedTo is { } onlyTo) terms.Add(("$.receivedAt < {0}", [onlyTo.UtcDateTime]));
        return terms.Count == 0 ? null : LiteFilter.All(terms);
    }

    private static DateTime LastMillisecondBefore(DateTimeOffset t)
    {
        var ticks = t.UtcTicks + TimeSpan.TicksPerMillisecond - 1;
        return new DateTime(ticks - ticks % TimeSpan.TicksPerMillisecond - TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }

    public int CountOpenOwnedBy(string ownerEmail) => Read(() => Gauge("open|" + ownerEmail.Trim().ToLowerInvariant()));

    public IReadOnlyList<InsertResult> Insert(IReadOnlyList<LeadChange> changes) => InTransaction(() =>
    {
        // One index read for the whole batch instead of one per lead; keys repeated within the batch count as existing.
        var unknown = changes.Select(c => c.Lead.Key).Where(k => !_knownAbsent.Contains(k)).Distinct().Select(k => new BsonValue(k)).ToList();
        var existing = unknown.Count == 0 ? [] : _leads.Find(LiteFilter.In("key", unknown))
            .ToDictionary(d => d["key"].AsString, d => StoreJson.Read<Lead>(d["json"].AsString));
        var results = new List<InsertResult>(changes.Count);
        var counts = new List<CounterIncrement>();
        var gauges = new List<(string, int)>();
        var docs = new List<BsonDocument>(changes.Count);
        var events = new List<LeadEvent>();
        var outbox = new List<OutboxMessage>();
        foreach (var change in changes)
        {
            if (existing.TryGetValue(change.Lead.Key, out var stored))
            {
                results.Add(new InsertResult(stored, false));
                continue;
            }
            var doc = ToDoc(change.Lead);
            ListOutboxIds(doc, ListedAfter([], change.Lead.Id, change.Outbox));
            docs.Add(doc);
            Wrote(change.Lead, doc);
            existing[change.Lead.Key] = change.Lead;
            _knownAbsent.Remove(change.Lead.Key);
            gauges.AddRange(GaugeMoves(null, doc));
            events.AddRange(change.Events);
            outbox.AddRange(change.Outbox ?? []);
            counts.AddRange(Derive(change.Lead, change.Events));
            results.Add(new InsertResult(change.Lead, true));
        }
        // One call per collection for the batch: each LiteDB call pays for its own snapshot and collection lookups.
        if (docs.Count > 0) _leads.InsertBulk(docs);
        WriteEventsAndOutbox(events, outbox, forNewLead: true);
        WriteGauges(gauges);
        WriteCounters(counts);
        return (IReadOnlyList<InsertResult>)results;
    });

    public bool TryUpdate(LeadChange change) => InTransaction(() =>
    {
        // Decided before anything is written, so a refused update leaves its transaction (or group) untouched.
        var stored = StoredLeadById(change.Lead.Id);
        if (stored is null || stored.Lead.Version != change.Lead.Version - 1) return false;
        var doc = ToDoc(change.Lead);
        ListOutboxIds(doc, ListedAfter(stored.OutboxIds, change.Lead.Id, change.Outbox));
        _leads.Update(doc);
        Wrote(change.Lead, doc);
        MoveGauges(stored.Gauges, doc);
        WriteEventsAndOutbox(change.Events, change.Outbox, absent: m => KnownAbsent(m, change.Lead.Id, stored.OutboxIds));
        WriteCounters(Derive(change.Lead, change.Events));
        return true;
    });

    public void Append(IReadOnlyList<LeadEvent> events, IReadOnlyList<OutboxMessage>? outbox = null) => InTransaction(() =>
    {
        WriteEventsAndOutbox(events, outbox);
        var counts = new List<CounterIncrement>();
        foreach (var group in events.GroupBy(e => e.LeadId))
        {
            if (Find(group.Key) is { } lead) counts.AddRange(Derive(lead, [.. group]));
        }
        WriteCounters(counts);
        return true;
    });

    private void WriteEventsAndOutbox(IReadOnlyList<LeadEvent> events, IReadOnlyList<OutboxMessage>? outbox, bool forNewLead = false,
        Func<OutboxMessage, bool>? absent = null)
    {
        if (events.Count > 0)
        {
            // One document per lead and moment (an intake writes received, qualified and offered at once): a third of the
            // documents and index entries of one per event. Layout 1–3 files hold one event per document ("json").
            _steps.InsertBulk(events.GroupBy(e => (e.LeadId, e.At)).Select(step => new BsonDocument
            {
                ["_id"] = StepPrefix(step.Key.LeadId) + ObjectId.NewObjectId(),
                ["leadId"] = step.Key.LeadId,
                ["at"] = step.Key.At.UtcDateTime,
                ["events"] = new BsonArray(step.Select(e => new BsonValue(StoreJson.Write(e)))),
            }));
        }
        if (outbox is { Count: > 0 }) EnqueueInTransaction(outbox, forNewLead, absent);
    }

    private static BsonDocument ToDoc(Lead lead) => new()
    {
        ["_id"] = lead.Id,
        ["key"] = lead.Key,
        ["state"] = lead.State.Name(),
        ["team"] = lead.Team is null ? BsonValue.Null : lead.Team,
        ["owner"] = lead.Owner is null ? BsonValue.Null : lead.Owner.Email.ToLowerInvariant(),
        ["openOwner"] = lead.Owner is null || !lead.State.IsOpen() ? BsonValue.Null : lead.Owner.Email.Trim().ToLowerInvariant(),
        ["waitingSince"] = lead.State.IsWaiting() ? (lead.OfferedAt ?? lead.ReceivedAt).UtcDateTime : BsonValue.Null,
        ["waitingKey"] = lead.State.IsWaiting() ? WaitingKey(lead.Team, lead.OfferedAt ?? lead.ReceivedAt) : BsonValue.Null,
        ["offeredTo"] = lead.OfferedTo is null ? BsonValue.Null : lead.OfferedTo.ToLowerInvariant(),
        ["receivedAt"] = lead.ReceivedAt.UtcDateTime,
        ["version"] = lead.Version,
        ["json"] = StoreJson.Write(lead),
    };

    /// <summary>
    /// LiteDB indexes every document, a missing field as null; an expression that yields no values (a filtered array)
    /// indexes none. A query names the same expression with ANY to use it.
    /// </summary>
    private const string OpenOwnerIndex = "openOwner", OpenOwnerIndexed = "FILTER([$.openOwner] => @ != null)";

    /// <summary>
    /// On Linux and macOS LiteDB's direct mode takes only a shared lock on its file, so a second direct-mode process
    /// would open it too and each would overwrite the other's pages. A lock file beside it, held exclusively in direct
    /// mode and shared in shared mode, makes a second opener fail at once with the operating system's lock error.
    /// </summary>
    private static FileStream? OwnFile(string file, bool shared) => file.EndsWith(":memory:", StringComparison.Ordinal)
        ? null
        : new FileStream(file + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, shared ? FileShare.ReadWrite : FileShare.None);

    private readonly FileStream? _ownerLock;

    public void Dispose()
    {
        _db.Dispose();
        _ownerLock?.Dispose();
    }
}
