using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Tests.Storage;

public sealed class LiteDbStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-store-").FullName;

    private string ConnectionString => $"Filename={Path.Combine(_folder, "leads.db")};Connection=shared";

    public void Dispose() => Directory.Delete(_folder, true);

    private static Lead NewLead(string externalId) => new()
    {
        Id = LeadId.New(DateTimeOffset.UnixEpoch.AddYears(56)), Source = "hubspot", ExternalId = externalId,
        ReceivedAt = DateTimeOffset.UnixEpoch.AddYears(56), State = LeadState.Offered, Team = "EMEA",
    };

    [Fact]
    public void NewStore_IsMigratedToTheCurrentLayoutVersion_AndReopensWithoutChange()
    {
        int version;
        using (var store = new LiteDbLeadStore(ConnectionString)) version = store.SchemaVersion;
        using var reopened = new LiteDbLeadStore(ConnectionString);

        Assert.True(version >= 1);
        Assert.Equal(version, reopened.SchemaVersion);
    }

    [Fact]
    public void DataSurvivesARestart()
    {
        var lead = NewLead("persist");
        using (var store = new LiteDbLeadStore(ConnectionString))
            store.Insert([new LeadChange(lead, [new LeadEvent { LeadId = lead.Id, At = lead.ReceivedAt, Type = "received" }])]);

        using var reopened = new LiteDbLeadStore(ConnectionString);

        Assert.Equal(lead.Id, reopened.FindByKey("HubSpot", " persist ")!.Id);
        Assert.Single(reopened.History(lead.Id));
    }

    [Fact]
    public void TryUpdate_WithAStaleVersion_WritesNothing()
    {
        using var store = new LiteDbLeadStore(ConnectionString);
        var lead = NewLead("v");
        store.Insert([new LeadChange(lead, [])]);
        var first = lead with { State = LeadState.Accepted, Version = 1 };
        var stale = lead with { State = LeadState.Rejected, Version = 1 };
        var ev = new LeadEvent { LeadId = lead.Id, At = lead.ReceivedAt, Type = "rejected" };

        Assert.True(store.TryUpdate(new LeadChange(first, [])));
        Assert.False(store.TryUpdate(new LeadChange(stale, [ev], [new OutboxMessage { Id = "x", Kind = "k", Audience = "a", CreatedAt = lead.ReceivedAt, DueAt = lead.ReceivedAt }])));

        Assert.Equal(LeadState.Accepted, store.Find(lead.Id)!.State);
        Assert.Empty(store.History(lead.Id));
        Assert.Equal(0, store.OutboxStats().Pending);
    }

    [Fact]
    public void CardUpdates_Coalesce_AndAnInFlightSendCannotMarkTheNewerOneDone()
    {
        using var store = new LiteDbLeadStore(ConnectionString);
        var at = DateTimeOffset.UnixEpoch.AddYears(56);
        var update = new OutboxMessage { Id = "card-update:L1", Kind = OutboxMessage.Kinds.CardUpdate, Audience = "posted", CreatedAt = at, DueAt = at };
        store.Enqueue([update]);
        var taken = store.TakeDue(at, 10, "worker-1", TimeSpan.FromMinutes(1));

        store.Enqueue([update with { CreatedAt = at.AddSeconds(1) }]);
        store.Complete(taken[0].Id, "worker-1", at.AddSeconds(2));

        Assert.Equal(1, store.OutboxStats().Pending);
        Assert.Single(store.TakeDue(at.AddSeconds(3), 10, "worker-2", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void TryMarkOnce_RefusesAReplayUntilItExpires()
    {
        using var store = new LiteDbLeadStore(ConnectionString);
        var now = DateTimeOffset.UnixEpoch.AddYears(56);

        Assert.True(store.TryMarkOnce("activity-1", now, TimeSpan.FromHours(1)));
        Assert.False(store.TryMarkOnce("activity-1", now.AddMinutes(59), TimeSpan.FromHours(1)));
        Assert.True(store.TryMarkOnce("activity-1", now.AddMinutes(61), TimeSpan.FromHours(1)));
    }
}
