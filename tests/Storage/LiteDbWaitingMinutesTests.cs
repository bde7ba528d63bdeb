using LeadBot.Leads;
using LeadBot.Storage;
using LiteDB;

namespace LeadBot.Tests.Storage;

/// <summary>Layout 10 counts the leads already waiting into its minute gauges, so counts are right the moment a file upgrades.</summary>
public sealed class LiteDbWaitingMinutesTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 15, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-minutes-").FullName;

    private string ConnectionString => $"Filename={Path.Combine(_folder, "store.db")};Connection=shared";

    [Fact]
    public void AFileAtLayout9_Upgraded_CountsItsWaitingLeadsByMinute()
    {
        var leads = Enumerable.Range(0, 40).Select(i => Make.Offered($"u{i}", T0.AddSeconds(i * 20), team: i % 2 == 0 ? "EMEA" : "North America")).ToList();
        using (var store = new LiteDbLeadStore(ConnectionString)) store.Insert(leads);
        using (var db = new LiteDatabase(ConnectionString))
        {
            var gauges = db.GetCollection("gauges");
            Assert.True(gauges.DeleteMany(BsonExpression.Create("$._id LIKE 'waitmin|%'")) > 0);
            // As layout 9 indexed it: every lead, waiting or not.
            var leadsCollection = db.GetCollection("leads");
            leadsCollection.DropIndex("waitingKey");
            leadsCollection.EnsureIndex("waitingKey");
            db.UserVersion = 9;
        }

        using var upgraded = new LiteDbLeadStore(ConnectionString);

        Assert.Equal(LiteDbLeadStore.LatestLayout, upgraded.SchemaVersion);
        // EMEA: offers every 40 s from T0; before T0 + 5 min: 0, 40, … 280 s, eight of them.
        Assert.Equal(new WaitingCounts(20, 8), upgraded.CountWaiting("EMEA", T0.AddMinutes(5)));
        Assert.Equal(new WaitingCounts(40, 15), upgraded.CountWaiting(null, T0.AddMinutes(5)));
        Assert.True(upgraded.TryUpdate(Make.Step(leads[0].Lead, LeadState.Accepted, T0.AddMinutes(20))));
        Assert.Equal(new WaitingCounts(19, 7), upgraded.CountWaiting("EMEA", T0.AddMinutes(5)));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } // best effort
    }
}
