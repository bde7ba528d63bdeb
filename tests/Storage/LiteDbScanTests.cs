using LeadBot.Leads;
using LeadBot.Storage;
using LiteDB;

namespace LeadBot.Tests.Storage;

public sealed class LiteDbScanTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-scan-").FullName;

    private string ConnectionString => $"Filename={Path.Combine(_folder, "store.db")};Connection=shared";

    public void Dispose() => Directory.Delete(_folder, true);

    /// <summary>Without the state-and-id index a page would read leads of every state: the scan must stay an index range.</summary>
    [Fact]
    public void ScanFilter_IsAnswered_FromTheStateAndIdIndex()
    {
        using (var store = new LiteDbLeadStore(ConnectionString)) Assert.Null(store.Probe());
        using var db = new LiteDatabase(ConnectionString);

        var plan = db.GetCollection("leads").Query().Where(LiteDbLeadStore.ScanFilter(LeadState.Accepted, "L0M8JP1NGT4ZQAB")).GetPlan();

        Assert.Equal("stateId", plan["index"]["name"].AsString);
        Assert.Equal("INDEX RANGE SCAN", plan["index"]["mode"].AsString.Split('(')[0]);
    }
}
