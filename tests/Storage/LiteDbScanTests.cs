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

    /// <summary>
    /// A prefix read (a lead's history, a team's waiting leads, the gauges of a kind) must stop where the prefix ends: read
    /// as a scan from the prefix to the end of the index, a history at 1M leads took 16 s.
    /// </summary>
    [Fact]
    public void PrefixReads_AreOneIndexRange_ThatStopsWhereThePrefixEnds()
    {
        using (var store = new LiteDbLeadStore(ConnectionString))
        {
            var a = Make.Offered("a", new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
            var b = Make.Offered("b", new DateTimeOffset(2026, 12, 6, 9, 1, 0, TimeSpan.Zero));
            store.Insert([a, b]);
            Assert.Equal(3, store.History(a.Lead.Id).Count);
        }
        using var db = new LiteDatabase(ConnectionString);

        var plan = db.GetCollection("steps").Query().Where(LiteFilter.StartsWith("_id", "LA|")).GetPlan();

        Assert.Equal("_id", plan["index"]["name"].AsString);
        Assert.Equal("INDEX RANGE SCAN", plan["index"]["mode"].AsString.Split('(')[0]);
    }

    /// <summary>An export of a past period must read that period only, not every lead received since.</summary>
    [Fact]
    public void APeriodOfLeads_IsOneIndexRange()
    {
        using (var store = new LiteDbLeadStore(ConnectionString)) Assert.Null(store.Probe());
        using var db = new LiteDatabase(ConnectionString);
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var plan = db.GetCollection("leads").Query().Where(LiteDbLeadStore.LeadFilter(new LeadQuery { ReceivedFrom = from, ReceivedTo = from.AddMonths(1) })!).GetPlan();

        Assert.Equal("receivedAt", plan["index"]["name"].AsString);
        Assert.Equal("INDEX RANGE SCAN", plan["index"]["mode"].AsString.Split('(')[0]);
    }
}
