using LeadBot.Leads;
using LeadBot.Storage;
using LeadBot.Storage.Postgres;
using Npgsql;

namespace LeadBot.Tests.Storage.Postgres;

public sealed class PostgresSchemaTests : IDisposable
{
    private readonly TestPostgres.Scratch _schema = TestPostgres.NewSchema();
    private readonly List<PostgresLeadStore> _stores = [];

    private PostgresLeadStore Open()
    {
        var store = new PostgresLeadStore(_schema.ConnectionString);
        _stores.Add(store);
        return store;
    }

    private long Count(string sql) => TestPostgres.Scalar<long>(_schema.ConnectionString, sql);

    [Fact]
    public void Start_OnAnEmptyDatabase_CreatesTheSchemaAndRecordsEachStep()
    {
        var store = Open();

        Assert.Null(store.Probe());

        Assert.Equal(PostgresSchema.Latest, store.SchemaVersion);
        Assert.Equal(PostgresSchema.Migrations.Length, Count("SELECT count(*) FROM schema_version"));
        Assert.Equal(PostgresSchema.Latest, Count("SELECT max(version)::bigint FROM schema_version"));
        Assert.Equal(5, Count("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('leads','events','outbox','kv','once')"));
    }

    [Fact]
    public void Start_ManyInstancesAtOnce_MigrateOnceWithoutErrors()
    {
        var stores = Enumerable.Range(0, 6).Select(_ => Open()).ToList();

        var problems = Concurrently.Run(stores.Count, i => stores[i].Probe());

        Assert.All(problems, Assert.Null);
        Assert.All(stores, s => Assert.Equal(PostgresSchema.Latest, s.SchemaVersion));
        Assert.Equal(PostgresSchema.Migrations.Length, Count("SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public void Start_OnACurrentSchema_ChangesNothingAndKeepsTheData()
    {
        var first = Open();
        first.Put("bag", "k", new Dictionary<string, int> { ["n"] = 1 });
        var applied = Count("SELECT (extract(epoch FROM max(applied_at)) * 1000000)::bigint FROM schema_version");

        var second = Open();

        Assert.Equal(1, second.Get<Dictionary<string, int>>("bag", "k")?["n"]);
        Assert.Equal(applied, Count("SELECT (extract(epoch FROM max(applied_at)) * 1000000)::bigint FROM schema_version"));
    }

    [Fact]
    public void Start_OnASchemaANewerVersionLeftBehind_KeepsItAndReportsItsVersion()
    {
        Assert.Null(Open().Probe());
        TestPostgres.Admin($"INSERT INTO {_schema.Name}.schema_version (version, description) VALUES (999, 'from a newer LeadBot')");

        var older = Open();

        Assert.Null(older.Probe());
        Assert.Equal(999, older.SchemaVersion);
    }

    [Fact]
    public void Start_OnASchemaAtStep1WithLeads_FoldsThemIntoTheCountersOfEveryLaterStep()
    {
        // A database that an early version created and filled: only step 1, one accepted lead with its history.
        var at = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        var lead = new Lead
        {
            Id = "LSTEP1", Source = "hubspot", ExternalId = "step-1", Campaign = "Webinar Q4", ReceivedAt = at, UpdatedAt = at,
            State = LeadState.Accepted, Team = "EMEA", Version = 2,
        };
        using (var c = new NpgsqlConnection(_schema.ConnectionString))
        {
            c.Open();
            Execute(c, "CREATE TABLE schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            Execute(c, PostgresSchema.Migrations[0].Sql);
            Execute(c, "INSERT INTO schema_version (version, description) VALUES (1, 'step 1')");
            Execute(c, "INSERT INTO leads (id, key, state, team, received_at, version, json) VALUES ('LSTEP1', @key, 'accepted', 'EMEA', @at, 2, @json::json)",
                ("key", lead.Key), ("at", at), ("json", StoreJson.Write(lead)));
            foreach (var type in new[] { "received", "qualified", "offered", "accepted" })
                Execute(c, "INSERT INTO events (lead_id, at, type, json) VALUES ('LSTEP1', @at, @type, @json::json)",
                    ("at", at), ("type", type), ("json", StoreJson.Write(new LeadEvent { LeadId = "LSTEP1", At = at, Type = type })));
        }

        var store = Open();

        Assert.Null(store.Probe());
        Assert.Equal(PostgresSchema.Latest, store.SchemaVersion);
        var totals = store.CounterTotals(at.AddHours(-1), at.AddHours(1));
        Assert.Equal(1, totals.Where(t => t.Metric == Aggregates.Metrics.Received).Sum(t => t.Value));
        Assert.Equal(1, totals.Where(t => t.Metric == Aggregates.Metrics.Accepted).Sum(t => t.Value));
    }

    private static void Execute(NpgsqlConnection c, string sql, params (string Name, object Value)[] args)
    {
        using var cmd = new NpgsqlCommand(sql, c);
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        _schema.Dispose();
    }
}
