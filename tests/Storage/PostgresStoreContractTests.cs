using LeadBot.Storage;
using LeadBot.Storage.Postgres;

namespace LeadBot.Tests.Storage;

/// <summary>The contract on PostgreSQL (LEADBOT_TEST_POSTGRES), in a fresh schema per test; store objects share it as instances would.</summary>
public sealed class PostgresStoreContractTests : StoreContractTests
{
    private readonly TestPostgres.Scratch _schema = TestPostgres.NewSchema();

    protected override ILeadStore OpenStore() => new PostgresLeadStore(_schema.ConnectionString);

    public override void Dispose()
    {
        base.Dispose();
        _schema.Dispose();
    }
}
