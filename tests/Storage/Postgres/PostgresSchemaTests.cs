using LeadBot.Storage.Postgres;

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

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        _schema.Dispose();
    }
}
