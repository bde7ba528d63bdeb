using LeadBot.Tests.Storage;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Agreement;

/// <summary>The agreement's loop with <c>Storage:Provider=PostgreSQL</c>, through the same HTTP API as on LiteDB.</summary>
public sealed class PostgresAgreementTests
{
    [Fact]
    public async Task WrongIndustryRejections_LeadToAnApprovedChange_OnPostgreSQL()
    {
        using var schema = TestPostgres.NewSchema();
        using var app = new LeadBotApp(new() { ["Storage:Provider"] = "PostgreSQL", ["ConnectionStrings:LeadBot"] = schema.ConnectionString });

        await AgreementScenario.WholeLoop(app);
    }
}
