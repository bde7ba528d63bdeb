using System.Collections.Concurrent;
using LeadBot.Storage;

namespace LeadBot.Tests.Storage;

public abstract partial class StoreContractTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    [Fact]
    public void Enqueue_SameIdTwice_SendsOnce()
    {
        Store.Enqueue([Message("announce:1", T0), Message("announce:1", T0.AddHours(1))]);
        Store.Enqueue([Message("announce:1", T0)]);

        var taken = Assert.Single(Store.TakeDue(T0, 10, "w1", Lease));
        Assert.Equal(T0, taken.DueAt);
    }

    [Fact]
    public void TakeDue_LeasesMessagesUntilTheLeaseRunsOut()
    {
        Store.Enqueue([Message("m1", T0), Message("m2", T0.AddSeconds(1)), Message("later", T0.AddHours(1))]);

        var first = Store.TakeDue(T0.AddSeconds(5), 10, "w1", Lease);
        var whileLeased = Store.TakeDue(T0.AddSeconds(6), 10, "w2", Lease);
        var afterLease = Store.TakeDue(T0.AddSeconds(5) + Lease, 10, "w2", Lease);

        Assert.Equal(["m1", "m2"], first.Select(m => m.Id));
        Assert.All(first, m => Assert.Equal(("w1", T0.AddSeconds(5) + Lease), (m.LeaseOwner, m.LeaseUntil)));
        Assert.Empty(whileLeased);
        Assert.Equal(["m1", "m2"], afterLease.Select(m => m.Id));
        Assert.Single(Store.TakeDue(T0.AddHours(1), 1, "w3", Lease));
    }

    [Fact]
    public void Complete_ByTheLeaseHolder_MarksSentAndByAnyoneElse_IsIgnored()
    {
        Store.Enqueue([Message("m1")]);
        Store.TakeDue(T0, 10, "w1", Lease);

        Store.Complete("m1", "w2", T0.AddSeconds(1));
        Assert.Equal(new OutboxStats(1, 0, 0, T0), Store.OutboxStats());

        Store.Complete("m1", "w1", T0.AddSeconds(2));
        Assert.Equal(new OutboxStats(0, 0, 1, null), Store.OutboxStats());
        Assert.Empty(Store.TakeDue(T0.AddDays(1), 10, "w1", Lease));
        Store.Complete("nope", "w1", T0);
    }

    [Fact]
    public void Reschedule_PutsItBackForLaterAndParkingMakesItFailedUntilRetried()
    {
        Store.Enqueue([Message("m1")]);
        Store.TakeDue(T0, 10, "w1", Lease);

        Store.Reschedule("m1", "w1", T0.AddMinutes(5), "429 Too Many Requests", parkAsFailed: false);
        Assert.Empty(Store.TakeDue(T0.AddMinutes(4), 10, "w1", Lease));
        var again = Assert.Single(Store.TakeDue(T0.AddMinutes(5), 10, "w2", Lease));
        Assert.Equal((1, "429 Too Many Requests"), (again.Attempts, again.LastError));

        Store.Reschedule("m1", "w1", T0.AddMinutes(6), "stale worker", parkAsFailed: true);
        Store.Reschedule("m1", "w2", T0.AddMinutes(6), "channel_not_found", parkAsFailed: true);
        Assert.Equal(new OutboxStats(0, 1, 0, null), Store.OutboxStats());
        var failed = Assert.Single(Store.FailedMessages(10));
        Assert.Equal((OutboxStatus.Failed, 2, "channel_not_found"), (failed.Status, failed.Attempts, failed.LastError));
        Assert.Empty(Store.TakeDue(T0.AddDays(1), 10, "w1", Lease));

        Assert.True(Store.Retry("m1", T0.AddHours(1)));
        Assert.False(Store.Retry("m1", T0.AddHours(1)));
        Assert.False(Store.Retry("nope", T0));
        var retried = Assert.Single(Store.TakeDue(T0.AddHours(1), 10, "w3", Lease));
        Assert.Equal(0, retried.Attempts);
        Assert.Empty(Store.FailedMessages(10));
    }

    [Fact]
    public void Release_ByTheLeaseHolder_GivesItBackWithoutAnAttempt()
    {
        Store.Enqueue([Message("m1")]);
        Store.TakeDue(T0, 10, "w1", Lease);

        Assert.False(Store.Release("m1", "w2", T0.AddMinutes(1), "not mine"));
        Assert.False(Store.Release("nope", "w1", T0.AddMinutes(1), "no such message"));
        Assert.True(Store.Release("m1", "w1", T0.AddMinutes(1), "no subscriber yet"));

        Assert.Empty(Store.TakeDue(T0.AddSeconds(30), 10, "w2", Lease));
        var again = Assert.Single(Store.TakeDue(T0.AddMinutes(1), 10, "w2", Lease));
        Assert.Equal((0, "no subscriber yet", "w2"), (again.Attempts, again.LastError, again.LeaseOwner));
        // Released by the old holder after w2 took it: still w2's.
        Assert.False(Store.Release("m1", "w1", T0.AddMinutes(2), "late"));
        Assert.Empty(Store.TakeDue(T0.AddMinutes(2), 10, "w3", Lease));
    }

    /// <summary>
    /// A look that finds a lane with nothing takeable yet must not make a later look miss what comes due earlier in that
    /// lane: a message enqueued for now, a message given back for sooner, a retry parked and then retried.
    /// </summary>
    [Fact]
    public void TakeDue_AfterALookFoundNothingDue_TakesWhatLaterComesDueSoonerInTheSameLane()
    {
        Store.Enqueue([Message("later", T0.AddHours(1)), Message("other-lane", T0.AddHours(1)) with { Audience = "team:NA" }]);
        Assert.Empty(Store.TakeDue(T0, 10, "w1", Lease));

        Store.Enqueue([Message("now", T0.AddMinutes(1))]);
        Assert.Equal("now", Assert.Single(Store.TakeDue(T0.AddMinutes(1), 10, "w1", Lease)).Id);
        Assert.Empty(Store.TakeDue(T0.AddMinutes(2), 10, "w1", Lease));

        Assert.True(Store.Release("now", "w1", T0.AddMinutes(3), "given back for sooner than its lease"));
        Assert.Equal("now", Assert.Single(Store.TakeDue(T0.AddMinutes(3), 10, "w2", Lease)).Id);

        Store.Reschedule("now", "w2", T0.AddMinutes(4), "parked", parkAsFailed: true);
        Assert.Empty(Store.TakeDue(T0.AddMinutes(5), 10, "w2", Lease));
        Assert.True(Store.Retry("now", T0.AddMinutes(6)));
        Assert.Equal("now", Assert.Single(Store.TakeDue(T0.AddMinutes(6), 10, "w3", Lease)).Id);

        // The lease of a message never given back runs out without a write: it is taken again then.
        Assert.Empty(Store.TakeDue(T0.AddMinutes(7), 10, "w4", Lease));
        Assert.Equal("now", Assert.Single(Store.TakeDue(T0.AddMinutes(6) + Lease, 10, "w4", Lease)).Id);
        Assert.Equal(["later", "now", "other-lane"], Store.TakeDue(T0.AddHours(1), 10, "w5", Lease).Select(m => m.Id).Order());
    }

    [Fact]
    public void TakeDue_ForSomeAudiences_TakesTheirMessagesAlone()
    {
        Store.Enqueue([Message("emea", T0), Message("na", T0) with { Audience = "team:NA" }, Message("apac", T0) with { Audience = "team:APAC" }]);

        var some = Store.TakeDue(T0, 10, "w1", Lease, onlyAudiences: new HashSet<string> { "team:NA", "team:LATAM" });
        var rest = Store.TakeDue(T0, 10, "w1", Lease);

        Assert.Equal(["na"], some.Select(m => m.Id));
        Assert.Equal(["apac", "emea"], rest.Select(m => m.Id).Order());
    }

    [Fact]
    public void CardUpdate_EnqueuedWhileInFlight_ReplacesTheLeasedOneSoTheLatestStateIsSentAgain()
    {
        var lead = NewLead("c");
        Store.Enqueue([Message("card-update:c", T0, OutboxMessage.Kinds.CardUpdate, lead.Id)]);
        var inFlight = Assert.Single(Store.TakeDue(T0, 10, "w1", Lease));

        Store.Enqueue([Message("card-update:c", T0.AddSeconds(1), OutboxMessage.Kinds.CardUpdate, lead.Id) with { Payload = "v2" }]);
        Store.Complete(inFlight.Id, "w1", T0.AddSeconds(2));

        var latest = Assert.Single(Store.TakeDue(T0.AddSeconds(2), 10, "w2", Lease));
        Assert.Equal("v2", latest.Payload);
        Store.Complete(latest.Id, "w2", T0.AddSeconds(3));
        Assert.Equal(1, Store.OutboxStats().Sent); // the late Complete of the replaced send did not count
        Store.Enqueue([Message("card-update:c", T0.AddSeconds(4), OutboxMessage.Kinds.CardUpdate, lead.Id) with { Payload = "v3" }]);
        Assert.Equal((Pending: 1, Sent: 0), (Store.OutboxStats().Pending, Store.OutboxStats().Sent)); // sent, then pending again
        Assert.Equal("v3", Assert.Single(Store.TakeDue(T0.AddSeconds(4), 10, "w1", Lease)).Payload);
    }

    [Fact]
    public void CardUpdates_InOneChange_CoalesceToTheLast()
    {
        Store.Enqueue([
            Message("card-update:x", T0, OutboxMessage.Kinds.CardUpdate) with { Payload = "1" },
            Message("card-update:x", T0, OutboxMessage.Kinds.CardUpdate) with { Payload = "2" },
        ]);

        Assert.Equal("2", Assert.Single(Store.TakeDue(T0, 10, "w1", Lease)).Payload);
    }

    [Fact]
    public void TakeDue_PassesOverSkippedAudiences_AndTakesTheOthersOldestFirst()
    {
        // A busy channel's backlog in front (older), two other audiences' messages behind it.
        Store.Enqueue(Enumerable.Range(0, 500).Select(i => Message($"emea{i:D3}", T0.AddMilliseconds(i))).ToList());
        Store.Enqueue([
            Message("rep-late", T0.AddSeconds(3)) with { Audience = "rep:anna@contoso.com" },
            Message("na-early", T0.AddSeconds(1)) with { Audience = "team:North America" },
            Message("rep-not-due", T0.AddHours(1)) with { Audience = "rep:anna@contoso.com" },
            Message("rep-early", T0.AddSeconds(2)) with { Audience = "rep:anna@contoso.com" },
        ]);

        var taken = Store.TakeDue(T0.AddSeconds(10), 2, "w1", Lease, skipAudiences: ["team:EMEA"]);
        Assert.Equal(["na-early", "rep-early"], taken.Select(m => m.Id));
        Assert.Equal(["rep-late"], Store.TakeDue(T0.AddSeconds(10), 10, "w1", Lease, skipAudiences: ["team:EMEA"]).Select(m => m.Id));
        Assert.Empty(Store.TakeDue(T0.AddSeconds(10), 10, "w1", Lease, skipAudiences: ["team:EMEA"]));
        Assert.Equal(["emea000", "emea001", "emea002"], Store.TakeDue(T0.AddSeconds(10), 3, "w1", Lease).Select(m => m.Id));
    }

    [Fact]
    public void TakeDue_TakesAtMostPerAudience_FromEachAudience_OldestFirst_LeavingTheRestForLater()
    {
        // A busy channel's backlog in front (older), a quiet channel's one message and a rep's two behind it.
        Store.Enqueue(Enumerable.Range(0, 200).Select(i => Message($"emea{i:D3}", T0.AddMilliseconds(i))).ToList());
        Store.Enqueue([
            Message("ent-1", T0.AddSeconds(1)) with { Audience = "team:Enterprise" },
            Message("rep-1", T0.AddSeconds(2)) with { Audience = "rep:anna@contoso.com" },
            Message("rep-2", T0.AddSeconds(3)) with { Audience = "rep:anna@contoso.com" },
        ]);

        var taken = Store.TakeDue(T0.AddSeconds(10), 10, "w1", Lease, perAudience: 2);

        Assert.Equal(["emea000", "emea001", "ent-1", "rep-1", "rep-2"], taken.Select(m => m.Id));
        Assert.Equal(["emea002", "emea003"], Store.TakeDue(T0.AddSeconds(10), 10, "w1", Lease, perAudience: 2).Select(m => m.Id));
    }

    [Fact]
    public void TakeDue_AmongManyAudiences_TakesTheOldestOverAll_EvenWhenOneAudienceHoldsThemAll()
    {
        // One channel's ten messages are older than nine reps' one each: a look with four places takes four of the ten.
        Store.Enqueue(Enumerable.Range(0, 10).Select(i => Message($"emea{i}", T0.AddMilliseconds(i))).ToList());
        Store.Enqueue(Enumerable.Range(0, 9).Select(i => Message($"rep{i}", T0.AddSeconds(1 + i)) with { Audience = $"rep:r{i}@contoso.com" }).ToList());
        var now = T0.AddMinutes(1);

        Assert.Equal(["emea0", "emea1", "emea2", "emea3"], Store.TakeDue(now, 4, "w1", Lease).Select(m => m.Id));
        // Two of a kind at most: the channel's next two, then every rep's, oldest first, and the place left over stays free.
        Assert.Equal(["emea4", "emea5", .. Enumerable.Range(0, 9).Select(i => $"rep{i}")],
            Store.TakeDue(now, 12, "w1", Lease, perAudience: 2).Select(m => m.Id));
        Assert.Equal(["emea6"], Store.TakeDue(now, 1, "w1", Lease, perAudience: 2).Select(m => m.Id));
    }

    [Fact]
    public void TakeDue_OneAtATimePerAudience_PassesOverLeasedMessages_AndRetakesThemWhenTheirLeaseRunsOut()
    {
        Store.Enqueue(Enumerable.Range(0, 3).Select(i => Message($"emea{i}", T0.AddMilliseconds(i))).ToList());

        Assert.Equal(["emea0"], Store.TakeDue(T0.AddSeconds(1), 10, "w1", Lease, perAudience: 1).Select(m => m.Id));
        Assert.Equal(["emea1"], Store.TakeDue(T0.AddSeconds(1), 10, "w1", Lease, perAudience: 1).Select(m => m.Id));
        Store.Complete("emea1", "w1", T0.AddSeconds(2));
        // emea0's worker died with its lease: once the lease is over it can be taken again, one look at a time like emea2.
        var later = T0.AddSeconds(1) + Lease + TimeSpan.FromSeconds(1);
        var first = Store.TakeDue(later, 10, "w2", Lease, perAudience: 1).Select(m => m.Id).ToList();
        var second = Store.TakeDue(later, 10, "w2", Lease, perAudience: 1).Select(m => m.Id).ToList();
        Assert.Single(first);
        Assert.Equal(["emea0", "emea2"], first.Concat(second).Order());
        Assert.Empty(Store.TakeDue(later, 10, "w2", Lease, perAudience: 1));
    }

    [Fact]
    public void TakeDue_FindsMessagesThatBecomePendingAgain_AfterAllOfTheirAudienceWereSent()
    {
        Store.Enqueue([Message("card-update:x", T0, OutboxMessage.Kinds.CardUpdate) with { Audience = "posted" }, Message("announce:y", T0) with { Audience = "rep:sam@contoso.com" }]);
        foreach (var m in Store.TakeDue(T0, 10, "w1", Lease)) Store.Reschedule(m.Id, "w1", T0, "gone", parkAsFailed: true);
        Assert.Empty(Store.TakeDue(T0.AddDays(1), 10, "w1", Lease));

        Assert.True(Store.Retry("announce:y", T0.AddMinutes(1)));
        Store.Enqueue([Message("card-update:x", T0.AddMinutes(1), OutboxMessage.Kinds.CardUpdate) with { Audience = "posted", Payload = "v2" }]);

        Assert.Equal(["announce:y", "card-update:x"], Store.TakeDue(T0.AddMinutes(2), 10, "w2", Lease).Select(m => m.Id).Order());
        Assert.Equal(new OutboxStats(2, 0, 0, T0), Store.OutboxStats());
    }

    [Fact]
    public void TakeDue_TwoInstancesWithSeveralDispatchersEach_NeverTakeOneMessageTwice()
    {
        Store.Enqueue(Enumerable.Range(0, 300).Select(i => Message($"m{i:D3}", T0.AddMilliseconds(i))).ToList());
        var stores = new[] { Store, Open() };
        var taken = new ConcurrentBag<string>();

        Concurrently.Run(6, worker =>
        {
            var store = stores[worker % 2];
            while (store.TakeDue(T0.AddSeconds(1), 7, $"w{worker}", Lease) is { Count: > 0 } batch)
            {
                foreach (var m in batch)
                {
                    taken.Add(m.Id);
                    store.Complete(m.Id, $"w{worker}", T0.AddSeconds(2));
                }
            }
            return worker;
        });

        Assert.Equal(300, taken.Count);
        Assert.Equal(300, taken.Distinct().Count());
        Assert.Equal(new OutboxStats(0, 0, 300, null), Store.OutboxStats());
    }

    [Fact]
    public void Documents_PutGetListRemove()
    {
        Store.Put("subs", "teams|19:abc", new Doc("a", 1));
        Store.Put("subs", "teams|19:abc", new Doc("a", 2));
        Store.Put("subs", "slack|C1", new Doc("b", 3));
        Store.Put("other", "teams|19:abc", new Doc("c", 4));

        Assert.Equal(new Doc("a", 2), Store.Get<Doc>("subs", "teams|19:abc"));
        Assert.Null(Store.Get<Doc>("subs", "teams|nope"));
        Assert.Equal(["a", "b"], Store.List<Doc>("subs").Select(d => d.Name).Order());
        Assert.True(Store.Remove("subs", "teams|19:abc"));
        Assert.False(Store.Remove("subs", "teams|19:abc"));
        Assert.Equal(["b"], Store.List<Doc>("subs").Select(d => d.Name));
        Assert.Empty(Store.List<Doc>("nothing"));
    }

    [Fact]
    public void Documents_ListByPrefix_TakesTheKeysThatStartWithItLiterally()
    {
        Store.Put("posted", "L1|teams|a", new Doc("1a", 1));
        Store.Put("posted", "L1|teams|b", new Doc("1b", 1));
        Store.Put("posted", "L1|slack|a", new Doc("1s", 1));
        Store.Put("posted", "L10|teams|a", new Doc("10", 1));
        Store.Put("posted", "50%_off|x", new Doc("pct", 1));
        Store.Put("posted", "50ab_off|x", new Doc("not-pct", 1));
        Store.Put("other", "L1|teams|c", new Doc("other", 1));

        Assert.Equal(["1a", "1b"], Store.List<Doc>("posted", "L1|teams|").Select(d => d.Name).Order());
        Assert.Equal(["1a", "1b", "1s"], Store.List<Doc>("posted", "L1|").Select(d => d.Name).Order());
        Assert.Equal(["pct"], Store.List<Doc>("posted", "50%_").Select(d => d.Name));
        Assert.Empty(Store.List<Doc>("posted", "L2"));
    }

    [Fact]
    public void TryMarkOnce_IsTrueOnlyTheFirstTimeUntilTheMarkExpires()
    {
        Assert.True(Store.TryMarkOnce("activity:1", T0, TimeSpan.FromHours(1)));
        Assert.False(Store.TryMarkOnce("activity:1", T0.AddMinutes(59), TimeSpan.FromHours(1)));
        Assert.True(Store.TryMarkOnce("activity:2", T0, TimeSpan.FromHours(1)));
        Assert.True(Store.TryMarkOnce("activity:1", T0.AddHours(1), TimeSpan.FromHours(1)));
        Assert.False(Store.TryMarkOnce("activity:1", T0.AddHours(1).AddSeconds(1), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void TryMarkOnce_SameKeyConcurrentlyOnTwoInstances_IsTrueOnce()
    {
        var stores = new[] { Store, Open() };

        var firsts = Concurrently.Run(20, i => stores[i % 2].TryMarkOnce("slack-event:Ev1", T0, TimeSpan.FromHours(1))).Count(first => first);

        Assert.Equal(1, firsts);
    }

    private sealed record Doc(string Name, int Value);
}
