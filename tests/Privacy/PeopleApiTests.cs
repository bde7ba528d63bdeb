using LeadBot.Tests.Storage;

namespace LeadBot.Tests.Privacy;

/// <summary>The people API on the default store, a LiteDB file.</summary>
public sealed class LiteDbPeopleApiTests : PeopleApiContract
{
    protected override Dictionary<string, string?> Settings() => [];
}

/// <summary>The people API on PostgreSQL (LEADBOT_TEST_POSTGRES), in a fresh schema per test.</summary>
public sealed class PostgresPeopleApiTests : PeopleApiContract
{
    private readonly TestPostgres.Scratch _schema = TestPostgres.NewSchema();

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["Storage:Provider"] = "PostgreSQL",
        ["ConnectionStrings:LeadBot"] = _schema.ConnectionString,
    };

    public override void Dispose()
    {
        base.Dispose();
        _schema.Dispose();
    }
}
