using LeadBot.Storage;
using LeadBot.Storage.Postgres;

namespace LeadBot.Tests.Storage;

/// <summary>The contract on PostgreSQL (LEADBOT_TEST_POSTGRES), in a fresh schema per test; store objects share it as instances would.</summary>
public sealed class PostgresStoreContractTests : StoreContractTests
{
    private readonly TestPostgres.Scratch _schema = TestPostgres.NewSchema();

    protected override ILeadStore OpenStore() => new PostgresLeadStore(_schema.ConnectionString);

    protected override IEnumerable<string> EverythingStored() =>
    [
        TestPostgres.Scalar<string>(_schema.ConnectionString, """
            SELECT concat_ws(E'\n',
                (SELECT string_agg(key || ' ' || json::text, E'\n') FROM leads), (SELECT string_agg(json::text, E'\n') FROM events),
                (SELECT string_agg(json::text, E'\n') FROM outbox), (SELECT string_agg(json::text, E'\n') FROM comments),
                (SELECT string_agg(key || ' ' || json::text, E'\n') FROM kv))
            """),
    ];

    public override void Dispose()
    {
        base.Dispose();
        _schema.Dispose();
    }
}
