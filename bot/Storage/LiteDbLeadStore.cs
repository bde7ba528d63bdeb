using LeadBot.Leads;
using LiteDB;

namespace LeadBot.Storage;

/// <summary>
/// The embedded store: one LiteDB file. Every write runs inside one LiteDB transaction under one in-process gate,
/// which is what makes a claim atomic (the version check and the write cannot interleave) and lets an intake batch,
/// its events and its outbox messages land together or not at all.
/// </summary>
public sealed partial class LiteDbLeadStore : ILeadStore, IDisposable
{
    private readonly LiteDatabase _db;
    private readonly Lock _gate = new();
    private readonly ILiteCollection<BsonDocument> _leads, _events, _outbox, _kv, _once, _counters, _comments, _gauges;
    private int _onceWrites;

    public LiteDbLeadStore(string connectionString)
    {
        var cs = new ConnectionString(connectionString);
        if (Path.GetDirectoryName(Path.GetFullPath(cs.Filename)) is { } dir) Directory.CreateDirectory(dir);
        _db = new LiteDatabase(cs);
        _leads = _db.GetCollection("leads");
        _events = _db.GetCollection("events");
        _outbox = _db.GetCollection("outbox");
        _kv = _db.GetCollection("kv");
        _once = _db.GetCollection("once");
        _counters = _db.GetCollection("counters");
        _comments = _db.GetCollection("comments");
        _gauges = _db.GetCollection("gauges");
        Migrate();
    }

    public int SchemaVersion => _db.UserVersion;

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

    public Lead? Find(string id) => _leads.FindById(id) is { } d ? StoreJson.Read<Lead>(d["json"].AsString) : null;

    public Lead? FindByKey(string source, string externalId) =>
        _leads.FindOne(P("key = @0", Lead.KeyOf(source, externalId))) is { } d ? StoreJson.Read<Lead>(d["json"].AsString) : null;

    public IReadOnlySet<string> ExistingKeys(IReadOnlyCollection<string> keys) => keys.Count == 0
        ? new HashSet<string>()
        : _leads.Find(Query.In("key", keys.Select(k => new BsonValue(k)))).Select(d => d["key"].AsString).ToHashSet();

    public IReadOnlyList<LeadEvent> History(string leadId) =>
        _events.Find(P("leadId = @0", leadId)).Select(d => StoreJson.Read<LeadEvent>(d["json"].AsString))
            .OrderBy(e => e.At).ToList();

    public IReadOnlyList<Lead> FindLeads(LeadQuery query)
    {
        var filters = new List<BsonExpression>();
        if (query.Team is not null) filters.Add(Query.EQ("team", query.Team));
        if (query.Owner is not null) filters.Add(Query.EQ("owner", query.Owner.ToLowerInvariant()));
        if (query.OfferedTo is not null) filters.Add(Query.EQ("offeredTo", query.OfferedTo.ToLowerInvariant()));
        if (query.States is { Count: > 0 }) filters.Add(Query.In("state", query.States.Select(s => new BsonValue(s.Name()))));
        if (query.ReceivedFrom is { } from) filters.Add(Query.GTE("receivedAt", from.UtcDateTime));
        if (query.ReceivedTo is { } to) filters.Add(Query.LT("receivedAt", to.UtcDateTime));
        BsonExpression filter = filters.Count switch { 0 => BsonExpression.Create("true"), 1 => filters[0], _ => Query.And([.. filters]) };
        return _leads.Find(filter, limit: query.Limit).Select(d => StoreJson.Read<Lead>(d["json"].AsString)).ToList();
    }

    public int CountOpenOwnedBy(string ownerEmail) => Gauge("open|" + ownerEmail.Trim().ToLowerInvariant());

    public IReadOnlyList<InsertResult> Insert(IReadOnlyList<LeadChange> changes)
    {
        var results = new List<InsertResult>(changes.Count);
        InTransaction(() =>
        {
            var counts = new List<CounterIncrement>();
            foreach (var change in changes)
            {
                if (_leads.FindOne(P("key = @0", change.Lead.Key)) is { } existing)
                {
                    results.Add(new InsertResult(StoreJson.Read<Lead>(existing["json"].AsString), false));
                    continue;
                }
                var doc = ToDoc(change.Lead);
                _leads.Insert(doc);
                MoveGauges(null, doc);
                WriteEventsAndOutbox(change.Events, change.Outbox);
                counts.AddRange(Derive(change.Lead, change.Events));
                results.Add(new InsertResult(change.Lead, true));
            }
            WriteCounters(counts);
            return true;
        });
        return results;
    }

    public bool TryUpdate(LeadChange change) => InTransaction(() =>
    {
        var stored = _leads.FindById(change.Lead.Id);
        if (stored is null || stored["version"].AsInt32 != change.Lead.Version - 1) return false;
        var doc = ToDoc(change.Lead);
        _leads.Update(doc);
        MoveGauges(stored, doc);
        WriteEventsAndOutbox(change.Events, change.Outbox);
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

    private void WriteEventsAndOutbox(IReadOnlyList<LeadEvent> events, IReadOnlyList<OutboxMessage>? outbox)
    {
        if (events.Count > 0)
        {
            _events.InsertBulk(events.Select(e => new BsonDocument
            {
                ["leadId"] = e.LeadId,
                ["at"] = e.At.UtcDateTime,
                ["type"] = e.Type,
                ["json"] = StoreJson.Write(e),
            }));
        }
        if (outbox is { Count: > 0 }) EnqueueInTransaction(outbox);
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
    /// A query with its values as parameters. Query.EQ and friends write the value into the expression text, and LiteDB
    /// compiles every new text to a delegate (measured: two thirds of an intake batch's time); a parameterised text is
    /// compiled once and cached.
    /// </summary>
    private static BsonExpression P(string expression, params BsonValue[] args) => BsonExpression.Create(expression, args);

    private T InTransaction<T>(Func<T> work)
    {
        lock (_gate)
        {
            _db.BeginTrans();
            try
            {
                var result = work();
                if (result is false) _db.Rollback(); else _db.Commit();
                return result;
            }
            catch
            {
                _db.Rollback();
                throw;
            }
        }
    }

    private void Migrate()
    {
        lock (_gate)
        {
            foreach (var (version, step) in Migrations)
            {
                if (_db.UserVersion >= version) continue;
                step(this);
                _db.UserVersion = version;
            }
        }
    }

    /// <summary>Forward-only layout steps. Append; never edit a step that has shipped.</summary>
    private static readonly (int Version, Action<LiteDbLeadStore> Step)[] Migrations =
    [
        (1, s =>
        {
            s._leads.EnsureIndex("key", unique: true);
            s._leads.EnsureIndex("state");
            s._leads.EnsureIndex("team");
            s._leads.EnsureIndex("owner");
            s._leads.EnsureIndex("offeredTo");
            s._leads.EnsureIndex("receivedAt");
            s._events.EnsureIndex("leadId");
            s._events.EnsureIndex("at");
            s._outbox.EnsureIndex("status");
            s._outbox.EnsureIndex("dueAt");
            s._kv.EnsureIndex("bag");
        }),
        (2, s => s.FoldIntoAggregates()),
    ];

    public void Dispose() => _db.Dispose();
}
