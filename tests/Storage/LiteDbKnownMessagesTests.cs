using LeadBot.Handoff.Delivery;
using LeadBot.Leads;
using LeadBot.Storage;
using LiteDB;

namespace LeadBot.Tests.Storage;

/// <summary>
/// A lead's document lists the outbox messages written with it, so a step inserts its new messages without looking them
/// up first. The list is a hint: a message of the lead written another way (Enqueue, Append) is not on it, and the step
/// that writes the same id must still find it, coalesce a card update and send nothing twice, alone or in a group.
/// </summary>
public sealed class LiteDbKnownMessagesTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-known-").FullName;
    private string File => Path.Combine(_folder, "leads.db");

    public void Dispose() => Directory.Delete(_folder, true);

    private static OutboxMessage Card(Lead lead, DateTimeOffset at, string payload) => new()
    {
        Id = $"{OutboxMessage.Kinds.CardUpdate}:{lead.Id}", Kind = OutboxMessage.Kinds.CardUpdate, LeadId = lead.Id,
        Audience = "team:emea", CreatedAt = at, DueAt = at, Payload = payload,
    };

    private static OutboxMessage Claimed(Lead lead, DateTimeOffset at) => new()
    {
        Id = $"{OutboxMessage.Kinds.Claimed}:{lead.Id}", Kind = OutboxMessage.Kinds.Claimed, LeadId = lead.Id,
        Audience = "rep:" + Make.Rep, CreatedAt = at, DueAt = at,
    };

    private static OutboxMessage Escalation(Lead lead, DateTimeOffset at) => new()
    {
        Id = $"escalate:{lead.Id}:EMEA:{at.UtcTicks}", Kind = OutboxMessage.Kinds.Escalate, LeadId = lead.Id, Audience = "team:emea", CreatedAt = at, DueAt = at,
    };

    private static BsonDocument LeadDocument(LiteDbLeadStore store, string id) =>
        store.EveryDocument().Single(d => d["_id"].IsString && d["_id"].AsString == id && d.ContainsKey("key"));

    private static string[]? Listed(LiteDbLeadStore store, string id) =>
        LeadDocument(store, id).TryGetValue("outboxIds", out var ids) ? [.. ids.AsArray.Select(v => v.AsString)] : null;

    [Fact]
    public void ALeadsDocument_ListsTheMessagesWrittenWithIt_WithoutItsId()
    {
        using var store = new LiteDbLeadStore($"Filename={File};Connection=direct");
        var offered = Make.Offered("k1", T0);
        var lead = offered.Lead;
        var announce = new OutboxMessage { Id = $"announce:{lead.Id}:EMEA", Kind = OutboxMessage.Kinds.Announce, LeadId = lead.Id, Audience = "team:emea", CreatedAt = T0, DueAt = T0 };
        store.Insert([offered with { Outbox = [announce] }]);
        Assert.Equal(["announce::EMEA"], Listed(store, lead.Id)!);

        var claim = Make.Step(lead, LeadState.Accepted, T0.AddMinutes(1));
        Assert.True(store.TryUpdate(claim with { Outbox = [Card(lead, T0.AddMinutes(1), "claimed"), Claimed(lead, T0.AddMinutes(1))] }));

        Assert.Equal(["announce::EMEA", "card-update:", "claimed:"], Listed(store, lead.Id)!.Order(StringComparer.Ordinal));
        Assert.Equal(3, store.OutboxStats().Pending);
    }

    [Fact]
    public void AMessageEnqueuedApart_IsStillFoundByTheStepThatWritesItsId_AndCoalesced()
    {
        using var store = new LiteDbLeadStore($"Filename={File};Connection=direct");
        var offered = Make.Offered("k2", T0);
        var lead = offered.Lead;
        store.Insert([offered]);
        // Not through a lead write: the lead's list does not name it.
        store.Enqueue([Card(lead, T0, "before")]);
        Assert.Equal([], Listed(store, lead.Id)!);

        var claim = Make.Step(lead, LeadState.Accepted, T0.AddMinutes(1));
        Assert.True(store.TryUpdate(claim with { Outbox = [Card(lead, T0.AddMinutes(1), "after"), Claimed(lead, T0.AddMinutes(1))] }));

        Assert.Equal(LeadState.Accepted, store.Find(lead.Id)!.State);
        var due = store.TakeDue(T0.AddMinutes(2), 10, "w1", Lease);
        Assert.Equal(["after", null], due.OrderBy(m => m.Kind, StringComparer.Ordinal).Select(m => m.Payload));
        Assert.Equal(["card-update:", "claimed:"], Listed(store, lead.Id)!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AGroupWhoseMemberMeetsAMessageEnqueuedApart_CommitsEveryMember()
    {
        using var store = new LiteDbLeadStore($"Filename={File};Connection=direct") { JoinWithin = TimeSpan.FromSeconds(5) };
        var leads = Enumerable.Range(0, 8).Select(i => Make.Offered($"g{i}", T0)).ToList();
        store.Insert(leads);
        var tricky = leads[3].Lead;
        store.Enqueue([Card(tricky, T0, "before")]);

        // All eight queue behind one holder of the gate, so they run as one group, which the fourth member makes fail once.
        using var holding = new ManualResetEventSlim();
        using var letGo = new ManualResetEventSlim();
        var holder = Task.Run(() => store.RunTogether(() => { holding.Set(); letGo.Wait(TimeSpan.FromMinutes(1)); return true; }));
        Assert.True(holding.Wait(TimeSpan.FromMinutes(1)));
        var claims = leads.Select(l => Task.Run(() =>
        {
            var claim = Make.Step(l.Lead, LeadState.Accepted, T0.AddMinutes(1));
            return store.TryUpdate(claim with { Outbox = [Card(l.Lead, T0.AddMinutes(1), "after"), Claimed(l.Lead, T0.AddMinutes(1))] });
        })).ToList();
        Assert.True(SpinWait.SpinUntil(() => store.QueuedWriters == leads.Count, TimeSpan.FromMinutes(1)), "the claims never queued");
        letGo.Set();
        await holder;

        Assert.All(await Task.WhenAll(claims), Assert.True);
        Assert.All(leads, l => Assert.Equal(LeadState.Accepted, store.Find(l.Lead.Id)!.State));
        var due = store.TakeDue(T0.AddMinutes(2), 100, "w1", Lease);
        Assert.Equal(16, due.Count);
        Assert.Equal(16, due.Select(m => m.Id).Distinct().Count());
        Assert.Equal("after", due.Single(m => m.Id == $"{OutboxMessage.Kinds.CardUpdate}:{tricky.Id}").Payload);
    }

    [Fact]
    public void ALeadWithMoreMessagesThanTheListHolds_StopsListing_AndItsStepsLookUpAgain()
    {
        using var store = new LiteDbLeadStore($"Filename={File};Connection=direct");
        var offered = Make.Offered("k3", T0);
        var lead = offered.Lead;
        store.Insert([offered]);
        for (var i = 0; i <= LiteDbLeadStore.MaxKnownMessages; i++)
        {
            var at = T0.AddMinutes(i + 1);
            var stored = store.Find(lead.Id)!;
            Assert.True(store.TryUpdate(new LeadChange(stored with { Version = stored.Version + 1, UpdatedAt = at }, [], [Escalation(lead, at)])));
        }
        Assert.Null(Listed(store, lead.Id));

        // A repeat of a message it wrote is found by looking it up: no second copy, no failure.
        var again = store.Find(lead.Id)!;
        Assert.True(store.TryUpdate(new LeadChange(again with { Version = again.Version + 1 }, [], [Escalation(lead, T0.AddMinutes(1))])));
        Assert.Equal(LiteDbLeadStore.MaxKnownMessages + 1, store.OutboxStats().Pending);
    }
}
