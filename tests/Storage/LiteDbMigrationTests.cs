using LeadBot.Leads;
using LeadBot.Storage;
using LiteDB;
using static LeadBot.Storage.Aggregates;

namespace LeadBot.Tests.Storage;

public sealed class LiteDbMigrationTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-migrate-").FullName;
    private string ConnectionString => $"Filename={Path.Combine(_folder, "store.db")};Connection=shared";

    [Fact]
    public void OpeningALayout1File_FoldsItsLeadsIntoTheAggregates()
    {
        IReadOnlyList<CounterTotal> before;
        IReadOnlyList<LeadEvent> historyBefore;
        using (var store = new LiteDbLeadStore(ConnectionString))
        {
            Seed(store);
            store.Enqueue([
                new OutboxMessage { Id = "sent-1", Kind = "announce", Audience = "team:EMEA", CreatedAt = T0, DueAt = T0.AddDays(-1) },
                new OutboxMessage { Id = "sent-2", Kind = "announce", Audience = "team:EMEA", CreatedAt = T0, DueAt = T0.AddDays(-1) },
            ]);
            foreach (var m in store.TakeDue(T0.AddDays(-1), 10, "w", TimeSpan.FromMinutes(1))) store.Complete(m.Id, "w", T0.AddDays(-1));
            store.Enqueue([new OutboxMessage { Id = "pending-before-layout-3", Kind = "announce", Audience = "team:EMEA", CreatedAt = T0, DueAt = T0 }]);
            before = store.CounterTotals(T0.AddDays(-1), T0.AddDays(2));
            historyBefore = store.History(store.FindByKey("HubSpot", "m2")!.Id);
        }
        RewindToLayout1();

        using var migrated = new LiteDbLeadStore(ConnectionString);

        Assert.Equal(LiteDbLeadStore.LatestLayout, migrated.SchemaVersion);
        var history = migrated.History(migrated.FindByKey("HubSpot", "m2")!.Id);
        Assert.Equal(historyBefore.Select(e => (e.Type, e.At, e.Actor)), history.Select(e => (e.Type, e.At, e.Actor)));
        Assert.Equal(["received", "qualified", "offered", "accepted", "won"], history.Select(e => e.Type));
        Assert.Equal(2, migrated.OutboxStats().Sent); // counted once by layout 6, kept by the writes after
        Assert.Single(migrated.TakeDue(T0.AddDays(3), 10, "w", TimeSpan.FromMinutes(1)), m => m.Id == "pending-before-layout-3");
        var after = migrated.CounterTotals(T0.AddDays(-1), T0.AddDays(2));
        Assert.Equal(before.OrderBy(Key), after.OrderBy(Key));
        Assert.Equal(40, after.Where(t => t.Metric == Metrics.Received).Sum(t => t.Value));
        Assert.Equal(10, after.Where(t => t.Metric == Metrics.Reason("no-budget")).Sum(t => t.Value));
        Assert.Equal(10, migrated.LatestComments(new CommentQuery(T0.AddDays(-1), T0.AddDays(2), Max: 100)).Count);
        Assert.Equal(10, migrated.CountOpenOwnedBy(Make.Rep));
        Assert.Equal(new WaitingCounts(10, 10), migrated.CountWaiting("EMEA", T0.AddDays(3)));
        Assert.Equal(10, migrated.Waiting(null, 100).Count);
        Assert.Equal(10, migrated.ScanLeads(LeadState.Accepted, null, 100).Leads.Count);
        Assert.Equal(10, migrated.ScanLeads(LeadState.Offered, null, 100).Leads.Count);
    }

    [Fact]
    public void ANewStore_IsAtTheLatestLayout_AndStaysThereOnReopen()
    {
        using (var store = new LiteDbLeadStore(ConnectionString)) Assert.Equal(11, store.SchemaVersion);
        using var again = new LiteDbLeadStore(ConnectionString);
        Assert.Equal(11, again.SchemaVersion);
        Assert.Equal(11, LiteDbLeadStore.LatestLayout);
    }

    [Fact]
    public void Layout4_DropsTheUnreadIndexes_AndReadsHistoryWrittenEitherWay()
    {
        using (var store = new LiteDbLeadStore(ConnectionString))
        {
            var offered = Make.Offered("mixed", T0);
            store.Insert([offered]);
            store.TryUpdate(Make.Step(offered.Lead, LeadState.Accepted, T0.AddMinutes(2)));
        }
        RewindToLayout1(); // the intake step becomes three one-event documents, as layouts 1–3 wrote them
        using (var store = new LiteDbLeadStore(ConnectionString))
        {
            var lead = store.FindByKey("HubSpot", "mixed")!;
            Assert.True(store.TryUpdate(Make.Step(lead, LeadState.Contacted, T0.AddMinutes(9))));
            Assert.Equal(["received", "qualified", "offered", "accepted", "contacted"], store.History(lead.Id).Select(e => e.Type));
        }
        using var db = new LiteDatabase(ConnectionString);
        Assert.Equal(["_id", "leadId"], Indexes(db, "events"));
        Assert.Equal(["_id", "failed", "lane"], Indexes(db, "outbox"));
    }

    [Fact]
    public void Layout7_KeepsOnlyTheLeadIndexesAQueryReads_AndFindLeadsStillAnswersByTheDroppedOnes()
    {
        using (var store = new LiteDbLeadStore(ConnectionString))
        {
            var emea = Make.Offered("emea", T0);
            store.Insert([emea, Make.Offered("na", T0, team: "North America")]);
            store.TryUpdate(Make.Step(emea.Lead, LeadState.Accepted, T0.AddMinutes(2)));
        }
        RewindToLayout1();
        using (var db = new LiteDatabase(ConnectionString))
        {
            foreach (var field in new[] { "state", "team", "offeredTo" }) db.GetCollection("leads").EnsureIndex(field);
        }
        using (var store = new LiteDbLeadStore(ConnectionString))
        {
            Assert.Equal(["emea"], store.FindLeads(new LeadQuery { Team = "EMEA" }).Select(l => l.ExternalId));
            Assert.Equal(["na"], store.FindLeads(new LeadQuery { States = [LeadState.Offered] }).Select(l => l.ExternalId));
            Assert.Equal(["emea"], store.FindLeads(new LeadQuery { Owner = Make.Rep, States = [LeadState.Accepted] }).Select(l => l.ExternalId));
        }
        using var file = new LiteDatabase(ConnectionString);
        Assert.Equal(["_id", "key", "openOwner", "receivedAt", "stateId", "waitingKey"], Indexes(file, "leads"));
    }

    [Fact]
    public void Layout9_KeepsOlderStepsWhereTheyAre_ReadsThemBeforeNewOnes_AndAnswersWithoutTheDroppedIndexes()
    {
        string id, parked;
        using (var store = new LiteDbLeadStore(ConnectionString))
        {
            var offered = Make.Offered("older", T0);
            store.Insert([offered, Make.Offered("waiting", T0.AddMinutes(1), team: "North America")]);
            store.TryUpdate(Make.Step(offered.Lead, LeadState.Accepted, T0.AddMinutes(2)));
            id = offered.Lead.Id;
            store.Enqueue([new OutboxMessage { Id = "parked", Kind = "announce", Audience = "team:EMEA", CreatedAt = T0, DueAt = T0 }]);
            parked = Assert.Single(store.TakeDue(T0, 10, "w", TimeSpan.FromMinutes(1))).Id;
            store.Reschedule(parked, "w", T0, "channel_not_found", parkAsFailed: true);
        }
        RewindToLayout8();

        using (var store = new LiteDbLeadStore(ConnectionString))
        {
            Assert.Equal(LiteDbLeadStore.LatestLayout, store.SchemaVersion);
            var lead = store.Find(id)!;
            // Same moment as the claim written before the upgrade: the older step still reads first.
            var contacted = Make.Step(lead, LeadState.Contacted, T0.AddMinutes(2));
            Assert.True(store.TryUpdate(contacted));
            Assert.Equal(["received", "qualified", "offered", "accepted", "contacted"], store.History(id).Select(e => e.Type));
            Assert.Equal([id], store.FindLeads(new LeadQuery { Owner = Make.Rep, States = [LeadState.Contacted, LeadState.Accepted] }).Select(l => l.Id));
            Assert.Equal([id], store.FindLeads(new LeadQuery { Owner = Make.Rep.ToUpperInvariant() }).Select(l => l.Id));
            Assert.Empty(store.FindLeads(new LeadQuery { Owner = "someone.else@contoso.com", States = [LeadState.Contacted] }));
            Assert.Equal(["waiting"], store.Waiting(null, 10).Select(l => l.ExternalId));
            Assert.Equal(new WaitingCounts(1, 0), store.CountWaiting(null, T0.AddMinutes(1)));
            Assert.Equal(parked, Assert.Single(store.FailedMessages(10)).Id);
            Assert.Equal((0, 1), (store.OutboxStats().Pending, store.OutboxStats().Failed));
        }
        using var file = new LiteDatabase(ConnectionString);
        Assert.Equal(["_id", "key", "openOwner", "receivedAt", "stateId", "waitingKey"], Indexes(file, "leads"));
        Assert.Equal(["_id", "failed", "lane"], Indexes(file, "outbox"));
        Assert.Equal(["_id"], Indexes(file, "steps"));
        Assert.Equal(2, file.GetCollection("events").Count(LiteFilter.Eq("leadId", id))); // its intake and its claim, not moved
        Assert.Equal(id, Assert.Single(file.GetCollection("steps").FindAll())["leadId"].AsString);
    }

    [Fact]
    public void Layout11_IndexesOnlyWaitingLeadsAndPendingMessages_AndTheirReadsStillAnswer()
    {
        string claimed;
        using (var store = new LiteDbLeadStore(ConnectionString))
        {
            var emea = Make.Offered("claimed", T0);
            store.Insert([emea, Make.Offered("waiting", T0.AddMinutes(1), team: "North America")]);
            store.TryUpdate(Make.Step(emea.Lead, LeadState.Accepted, T0.AddMinutes(2)));
            claimed = emea.Lead.Id;
            store.Enqueue([
                new OutboxMessage { Id = "sent", Kind = "announce", Audience = "team:EMEA", CreatedAt = T0, DueAt = T0 },
                new OutboxMessage { Id = "later", Kind = "announce", Audience = "team:EMEA", CreatedAt = T0, DueAt = T0.AddHours(1) },
            ]);
            store.Complete(Assert.Single(store.TakeDue(T0, 10, "w", TimeSpan.FromMinutes(1))).Id, "w", T0);
        }
        using (var db = new LiteDatabase(ConnectionString))
        {
            // As layout 10 indexed them: every lead and every message, a null key for those not waiting or not pending.
            db.GetCollection("leads").DropIndex("waitingKey");
            db.GetCollection("leads").EnsureIndex("waitingKey");
            db.GetCollection("outbox").DropIndex("lane");
            db.GetCollection("outbox").EnsureIndex("lane");
            db.UserVersion = 10;
        }

        using (var store = new LiteDbLeadStore(ConnectionString))
        {
            Assert.Equal(LiteDbLeadStore.LatestLayout, store.SchemaVersion);
            Assert.Equal(["waiting"], store.Waiting(null, 10).Select(l => l.ExternalId));
            Assert.Equal(new WaitingCounts(1, 1), store.CountWaiting(null, T0.AddMinutes(2)));
            Assert.Equal("later", Assert.Single(store.TakeDue(T0.AddHours(2), 10, "w2", TimeSpan.FromMinutes(1))).Id);
            Assert.Equal(LeadState.Accepted, store.Find(claimed)!.State);
        }
        using var file = new LiteDatabase(ConnectionString);
        var expressions = file.GetCollection("$indexes").FindAll().ToDictionary(i => i["collection"].AsString + "." + i["name"].AsString, i => i["expression"].AsString);
        Assert.StartsWith("FILTER(", expressions["leads.waitingKey"], StringComparison.Ordinal);
        Assert.StartsWith("FILTER(", expressions["outbox.lane"], StringComparison.Ordinal);
    }

    private static List<string> Indexes(LiteDatabase db, string collection) =>
        db.GetCollection("$indexes").FindAll().Where(i => i["collection"].AsString == collection).Select(i => i["name"].AsString).Order(StringComparer.Ordinal).ToList();

    private static string Key(CounterTotal t) => $"{t.Team}|{t.Source}|{t.Campaign}|{t.Metric}";

    /// <summary>40 leads over two days: 10 waiting, 10 accepted (open), 10 won, 10 rejected with a comment.</summary>
    private static void Seed(LiteDbLeadStore store)
    {
        for (var i = 0; i < 40; i++)
        {
            var at = T0.AddHours(i);
            var offered = Make.Offered($"m{i}", at, campaign: i % 2 == 0 ? "Webinar Q4" : null);
            store.Insert([offered]);
            switch (i % 4)
            {
                case 1:
                    store.TryUpdate(Make.Step(offered.Lead, LeadState.Accepted, at.AddMinutes(i)));
                    break;
                case 2:
                    var accepted = Make.Step(offered.Lead, LeadState.Accepted, at.AddMinutes(3));
                    store.TryUpdate(accepted);
                    store.TryUpdate(Make.Step(accepted.Lead, LeadState.Won, at.AddMinutes(50)));
                    break;
                case 3:
                    store.TryUpdate(Make.Step(offered.Lead, LeadState.Rejected, at.AddMinutes(5), reason: "no-budget", comment: $"budget frozen {i}"));
                    break;
            }
        }
    }

    /// <summary>What a file written before layout 9 looks like: steps in "events" by leadId, the four indexes it dropped.</summary>
    private void RewindToLayout8()
    {
        using var db = new LiteDatabase(ConnectionString);
        var events = db.GetCollection("events");
        foreach (var step in db.GetCollection("steps").FindAll().ToList())
        {
            step["_id"] = ObjectId.NewObjectId();
            events.Insert(step);
        }
        db.DropCollection("steps");
        var leads = db.GetCollection("leads");
        leads.DropIndex("openOwner");
        leads.EnsureIndex("owner");
        leads.EnsureIndex("waitingSince");
        var outbox = db.GetCollection("outbox");
        outbox.DropIndex("failed");
        outbox.EnsureIndex("status");
        db.UserVersion = 8;
    }

    /// <summary>What a file written before aggregates existed looks like: no counters, no comments, no open-owner field.</summary>
    private void RewindToLayout1()
    {
        RewindToLayout8();
        using var db = new LiteDatabase(ConnectionString);
        db.DropCollection("counters");
        db.DropCollection("comments");
        db.DropCollection("gauges");
        var leads = db.GetCollection("leads");
        leads.DropIndex("waitingSince");
        leads.DropIndex("waitingKey");
        leads.DropIndex("stateId");
        foreach (var doc in leads.FindAll().ToList())
        {
            doc.Remove("openOwner");
            doc.Remove("waitingSince");
            doc.Remove("waitingKey");
            leads.Update(doc);
        }
        // Layouts 1–3 wrote one document per event.
        var events = db.GetCollection("events");
        foreach (var step in events.FindAll().ToList())
        {
            if (!step.TryGetValue("events", out var list)) continue;
            events.Delete(step["_id"]);
            foreach (var json in list.AsArray)
            {
                events.Insert(new BsonDocument { ["leadId"] = step["leadId"], ["at"] = step["at"], ["json"] = json });
            }
        }
        events.EnsureIndex("at");
        var outbox = db.GetCollection("outbox");
        outbox.EnsureIndex("dueAt");
        outbox.DropIndex("lane");
        foreach (var doc in outbox.FindAll().ToList())
        {
            doc.Remove("lane");
            doc.Remove("audience");
            outbox.Update(doc);
        }
        db.UserVersion = 1;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
