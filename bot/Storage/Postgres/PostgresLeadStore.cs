using LeadBot.Leads;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LeadBot.Storage.Postgres;

/// <summary>
/// The shared store for several instances on one PostgreSQL database. Same layout as LiteDB (the record as JSON beside
/// the columns it is found by), but atomicity comes from the database, not from an in-process lock: the source+externalId
/// key is a unique constraint, a claim is one conditional UPDATE, and the outbox is taken with FOR UPDATE SKIP LOCKED.
/// Every operation is one transaction, retried a few times on a fresh connection when the failure is transient.
/// </summary>
public sealed partial class PostgresLeadStore : ILeadStore, IDisposable
{
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1)];

    private readonly NpgsqlDataSource _db;
    private readonly NpgsqlDataSource _probe;
    private readonly ILogger _log;
    private readonly Lock _migrateGate = new();
    private volatile int _schemaVersion;
    private int _onceWrites;

    public PostgresLeadStore(string connectionString, ILogger<PostgresLeadStore>? log = null)
    {
        _log = (ILogger?)log ?? NullLogger.Instance;
        _db = NpgsqlDataSource.Create(connectionString);
        // /healthz must answer quickly while the database is away, whatever timeout the operations use.
        var probe = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 3, CommandTimeout = 3, MaxPoolSize = 2 };
        _probe = NpgsqlDataSource.Create(probe.ConnectionString);
    }

    public int SchemaVersion => _schemaVersion;

    /// <summary>Each call is its own round trip; the conditional writes keep a claim atomic across instances.</summary>
    public T RunTogether<T>(Func<T> work, string? reads = null) => work();

    /// <summary>Each caller's own call: PostgreSQL runs concurrent writers side by side, with no group to share.</summary>
    public TOut RunBatched<TIn, TOut>(string kind, TIn input, Func<IReadOnlyList<TIn>, IReadOnlyList<TOut>> work) => work([input])[0];

    public string? Probe()
    {
        try
        {
            using (var c = _probe.OpenConnection())
            using (var cmd = new NpgsqlCommand("SELECT 1", c)) cmd.ExecuteScalar();
            EnsureSchema();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return "PostgreSQL: " + e.Message;
        }
    }

    public Lead? Find(string id) => Read(c =>
        c.Query("SELECT json FROM leads WHERE id = @id", ("id", id)).Select(StoreJson.Read<Lead>).FirstOrDefault());

    public Lead? FindByKey(string source, string externalId) => Read(c =>
        c.Query("SELECT json FROM leads WHERE key = @key", ("key", Lead.KeyOf(source, externalId))).Select(StoreJson.Read<Lead>).FirstOrDefault());

    public IReadOnlySet<string> ExistingKeys(IReadOnlyCollection<string> keys) => keys.Count == 0
        ? new HashSet<string>()
        : Read(c => c.Query("SELECT key FROM leads WHERE key = ANY(@keys)", ("keys", keys.ToArray())).ToHashSet());

    public IReadOnlyList<LeadEvent> History(string leadId) => Read(c =>
        c.Query("SELECT json FROM events WHERE lead_id = @id ORDER BY at, seq", ("id", leadId)).Select(StoreJson.Read<LeadEvent>).ToList());

    public IReadOnlyList<Lead> FindLeads(LeadQuery query)
    {
        var where = new List<string>();
        var args = new List<(string, object?)>();
        void Filter(string sql, string name, object value) { where.Add(sql); args.Add((name, value)); }
        if (query.Team is not null) Filter("team = @team", "team", query.Team);
        if (query.Owner is not null) Filter("owner = @owner", "owner", query.Owner.ToLowerInvariant());
        if (query.OfferedTo is not null) Filter("offered_to = @offered", "offered", query.OfferedTo.ToLowerInvariant());
        if (query.States is { Count: > 0 }) Filter("state = ANY(@states)", "states", query.States.Select(s => s.Name()).ToArray());
        if (query.ReceivedFrom is { } from) Filter("received_at >= @from", "from", from.ToUniversalTime());
        if (query.ReceivedTo is { } to) Filter("received_at < @to", "to", to.ToUniversalTime());
        args.Add(("limit", query.Limit));
        var sql = "SELECT json FROM leads" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY id LIMIT @limit";
        return Read(c => c.Query(sql, [.. args]).Select(StoreJson.Read<Lead>).ToList());
    }

    public int CountOpenOwnedBy(string ownerEmail) => Read(c =>
        c.Scalar<long>("SELECT count(*) FROM leads WHERE owner = @owner AND state = ANY(@open)",
            ("owner", ownerEmail.ToLowerInvariant()), ("open", OpenStates)) is var n ? (int)n : 0);

    private static readonly string[] OpenStates = Enum.GetValues<LeadState>().Where(s => s.IsOpen()).Select(s => s.Name()).ToArray();

    public IReadOnlyList<InsertResult> Insert(IReadOnlyList<LeadChange> changes) => changes.Count == 0 ? [] : Write(c =>
    {
        // Insert in key order: two instances inserting overlapping batches then wait on each other in one order, never in a cycle.
        var ordered = changes.OrderBy(ch => ch.Lead.Key, StringComparer.Ordinal).Select(ch => ch.Lead).ToList();
        var inserted = c.Query("""
                INSERT INTO leads (id, key, state, team, owner, offered_to, received_at, version, json, waiting_since)
                SELECT id, key, state, team, owner, offered_to, received_at, version, json::json, waiting_since
                FROM unnest(@id, @key, @state, @team, @owner, @offered_to, @received_at, @version, @json, @waiting_since::timestamptz[])
                     AS l(id, key, state, team, owner, offered_to, received_at, version, json, waiting_since)
                ON CONFLICT (key) DO NOTHING
                RETURNING id
                """, LeadColumns(ordered)).ToHashSet();

        var results = new List<InsertResult>(changes.Count);
        var events = new List<LeadEvent>();
        var outbox = new List<OutboxMessage>();
        var aggregated = new List<(Lead, IReadOnlyList<LeadEvent>)>();
        var repeats = new Dictionary<string, Lead>();
        var repeatKeys = changes.Where(ch => !inserted.Contains(ch.Lead.Id)).Select(ch => ch.Lead.Key).Distinct().ToArray();
        if (repeatKeys.Length > 0)
        {
            foreach (var lead in c.Query("SELECT json FROM leads WHERE key = ANY(@keys)", ("keys", repeatKeys)).Select(StoreJson.Read<Lead>))
                repeats[lead.Key] = lead;
        }
        foreach (var change in changes)
        {
            if (inserted.Contains(change.Lead.Id))
            {
                results.Add(new InsertResult(change.Lead, true));
                aggregated.Add((change.Lead, change.Events));
                events.AddRange(change.Events);
                outbox.AddRange(change.Outbox ?? []);
            }
            else
            {
                results.Add(new InsertResult(repeats.TryGetValue(change.Lead.Key, out var stored)
                    ? stored
                    : throw new InvalidOperationException($"Lead {change.Lead.Key} was neither inserted nor found."), false));
            }
        }
        WriteEventsAndOutbox(c, events, outbox);
        c.ExecuteAll(AggregateStatements(aggregated, SlotOf(c)));
        return results;
    });

    public bool TryUpdate(LeadChange change) => Write(c =>
    {
        var lead = change.Lead;
        var updated = c.Execute("""
            UPDATE leads SET state = @state, team = @team, owner = @owner, offered_to = @offered_to,
                             received_at = @received_at, version = @version, json = @json::json, waiting_since = @waiting_since::timestamptz
            WHERE id = @id AND version = @previous
            """,
            ("id", lead.Id), ("state", lead.State.Name()), ("team", lead.Team), ("owner", OwnerColumn(lead)),
            ("offered_to", lead.OfferedTo?.ToLowerInvariant()), ("received_at", lead.ReceivedAt.ToUniversalTime()),
            ("version", lead.Version), ("json", StoreJson.Write(lead)), ("previous", lead.Version - 1), ("waiting_since", WaitingSince(lead)));
        if (updated != 1) return false;
        WriteEventsAndOutbox(c, change.Events, change.Outbox ?? []);
        c.ExecuteAll(AggregateStatements([(lead, change.Events)], SlotOf(c)));
        return true;
    });

    public void Append(IReadOnlyList<LeadEvent> events, IReadOnlyList<OutboxMessage>? outbox = null) => Write(c =>
    {
        WriteEventsAndOutbox(c, events, outbox ?? []);
        var ids = events.Select(e => e.LeadId).Distinct().ToArray();
        var leads = c.Query("SELECT json FROM leads WHERE id = ANY(@ids)", ("ids", ids)).Select(StoreJson.Read<Lead>).ToDictionary(l => l.Id);
        c.ExecuteAll(AggregateStatements(events.GroupBy(e => e.LeadId).Where(g => leads.ContainsKey(g.Key))
            .Select(g => (leads[g.Key], (IReadOnlyList<LeadEvent>)[.. g])).ToList(), SlotOf(c)));
        return true;
    });

    /// <summary>Events and outbox messages go in one round trip: a claim then costs the UPDATE, this, and the commit.</summary>
    private static void WriteEventsAndOutbox(NpgsqlConnection c, IReadOnlyList<LeadEvent> events, IReadOnlyList<OutboxMessage> outbox)
    {
        var statements = new List<Statement>();
        if (events.Count > 0)
        {
            // WITH ORDINALITY keeps the identity column in the order the events were given (History breaks ties on it).
            statements.Add(new("""
                INSERT INTO events (lead_id, at, type, json)
                SELECT lead_id, at, type, json::json
                FROM unnest(@lead_id, @at, @type, @json) WITH ORDINALITY AS e(lead_id, at, type, json, n)
                ORDER BY n
                """,
                [("lead_id", events.Select(e => e.LeadId).ToArray()), ("at", events.Select(e => e.At.ToUniversalTime()).ToArray()),
                 ("type", events.Select(e => e.Type).ToArray()), ("json", events.Select(StoreJson.Write).ToArray())]));
        }
        statements.AddRange(EnqueueStatements(outbox));
        c.ExecuteAll(statements);
    }

    private static (string, object?)[] LeadColumns(IReadOnlyList<Lead> leads) =>
    [
        ("id", leads.Select(l => l.Id).ToArray()),
        ("key", leads.Select(l => l.Key).ToArray()),
        ("state", leads.Select(l => l.State.Name()).ToArray()),
        ("team", leads.Select(l => l.Team).ToArray()),
        ("owner", leads.Select(OwnerColumn).ToArray()),
        ("offered_to", leads.Select(l => l.OfferedTo?.ToLowerInvariant()).ToArray()),
        ("received_at", leads.Select(l => l.ReceivedAt.ToUniversalTime()).ToArray()),
        ("version", leads.Select(l => l.Version).ToArray()),
        ("json", leads.Select(StoreJson.Write).ToArray()),
        ("waiting_since", leads.Select(WaitingSince).ToArray()),
    ];

    private static string? OwnerColumn(Lead lead) => lead.Owner?.Email.ToLowerInvariant();

    public void Dispose()
    {
        _db.Dispose();
        _probe.Dispose();
    }
}
