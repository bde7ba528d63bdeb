using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Tests.Storage;

/// <summary>
/// In direct mode the store keeps the leads it just wrote or read, as committed, and reads them without a turn of the
/// write gate; it keeps gauges it read or wrote the same way. What a caller reads must still be what the file holds:
/// never a write that was rolled back, never a stale version that would let a second claim through, never a count
/// moved by a claim that did not happen.
/// </summary>
public sealed class LiteDbRecentLeadsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-recent-").FullName;
    private string File => Path.Combine(_folder, "leads.db");

    public void Dispose() => Directory.Delete(_folder, true);

    [Fact]
    public async Task ALeadJustWritten_IsReadWhileAnotherCallerHoldsTheGate()
    {
        using var store = new LiteDbLeadStore($"Filename={File};Connection=direct");
        var lead = store.Insert([Make.Offered("r1", T0)])[0].Lead;
        Assert.True(store.TryUpdate(Make.Step(lead, LeadState.Accepted, T0.AddMinutes(1))));
        using var holding = new ManualResetEventSlim();
        using var letGo = new ManualResetEventSlim();

        var writer = Task.Run(() => store.RunTogether(() => { holding.Set(); letGo.Wait(TimeSpan.FromMinutes(1)); return true; }));
        Assert.True(holding.Wait(TimeSpan.FromMinutes(1)));
        var read = Task.Run(() => store.Find(lead.Id));
        var answered = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30))) == read;
        letGo.Set();
        await writer;

        Assert.True(answered, "Find waited for the gate: the lead it just wrote was not kept");
        var found = await read;
        Assert.Equal((LeadState.Accepted, lead.Version + 1), (found!.State, found.Version));
    }

    [Fact]
    public void AClaimRolledBackWithItsGroup_IsNeverRead_NorCounted_AndTheLeadCanStillBeClaimedOnce()
    {
        const int writers = 6;
        using var store = new LiteDbLeadStore($"Filename={File};Connection=direct");
        var leads = store.Insert([.. Enumerable.Range(0, writers).Select(i => Make.Offered($"g{i}", T0.AddSeconds(i)))]).Select(r => r.Lead).ToList();
        leads.ForEach(l => store.Find(l.Id)); // kept, as read
        Assert.Equal((0, writers), (store.CountOpenOwnedBy(Make.Rep), store.CountWaiting("EMEA", T0.AddMinutes(5)).Total)); // the gauges kept too
        using var firstHasTheGate = new ManualResetEventSlim();

        // One group of six claims; claim 4 fails after writing, so the group is rolled back and the others run again alone.
        var outcomes = Concurrently.Run(writers, i =>
        {
            if (i > 0 && !firstHasTheGate.Wait(TimeSpan.FromMinutes(1))) throw new TimeoutException("writer 0 never took the gate");
            try
            {
                return store.RunTogether(() =>
                {
                    if (i == 0)
                    {
                        firstHasTheGate.Set();
                        if (!SpinWait.SpinUntil(() => store.QueuedWriters == writers - 1, TimeSpan.FromMinutes(1))) throw new TimeoutException("the others never queued");
                    }
                    var claimed = store.TryUpdate(Make.Step(store.Find(leads[i].Id)!, LeadState.Accepted, T0.AddMinutes(1)));
                    // Counting the waiting leads by minute, and reading the counters, writes the group's gauge moves and
                    // counter bumps so far, before claim 4 fails.
                    _ = store.CountWaiting("EMEA", T0.AddMinutes(5));
                    _ = store.CounterTotals(T0.AddDays(-1), T0.AddDays(1));
                    if (i == 4) throw new InvalidOperationException("claim 4 failed after writing");
                    return claimed;
                });
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        });

        Assert.Equal([true, true, true, true, false, true], outcomes);
        var failed = store.Find(leads[4].Id)!;
        Assert.Equal((LeadState.Offered, leads[4].Version), (failed.State, failed.Version));
        Assert.All(leads.Where((_, i) => i != 4), l => Assert.Equal(LeadState.Accepted, store.Find(l.Id)!.State));
        Assert.Equal((writers - 1, 1), (store.CountOpenOwnedBy(Make.Rep), store.CountWaiting("EMEA", T0.AddMinutes(5)).Total));
        Assert.Equal(writers - 1, Accepted(store));
        // The version read is the one stored: a claim on it lands, and a second claim on the same version is refused.
        Assert.True(store.TryUpdate(Make.Step(failed, LeadState.Accepted, T0.AddMinutes(2))));
        Assert.False(store.TryUpdate(Make.Step(failed, LeadState.Accepted, T0.AddMinutes(3))));
        Assert.Equal(leads[4].Version + 1, store.Find(leads[4].Id)!.Version);
        Assert.Equal((writers, 0, writers), (store.CountOpenOwnedBy(Make.Rep), store.CountWaiting("EMEA", T0.AddMinutes(5)).Total, Accepted(store)));
        using var reopened = Reopened(store);
        Assert.Equal((writers, 0, writers), (reopened.CountOpenOwnedBy(Make.Rep), reopened.CountWaiting("EMEA", T0.AddMinutes(5)).Total, Accepted(reopened)));
    }

    [Fact]
    public void AGroupReadsItsLeadsAhead_AsCommitted_AndEachMemberStillSeesWhatTheOnesBeforeItWrote()
    {
        List<Lead> leads;
        using (var writer = new LiteDbLeadStore($"Filename={File};Connection=direct"))
            leads = writer.Insert([.. Enumerable.Range(0, 5).Select(i => Make.Offered($"a{i}", T0.AddSeconds(i)))]).Select(r => r.Lead).ToList();
        using var store = new LiteDbLeadStore($"Filename={File};Connection=direct"); // nothing kept: the group reads them ahead
        using var firstHasTheGate = new ManualResetEventSlim();
        // Member 0 holds the gate until the others queue, so members 1–6 run as one group: 1 and 5 race for lead 1, and
        // member 3 fails after its claim, which rolls the group back and runs each again alone.
        int[] leadOf = [0, 1, 2, 3, 4, 1, 2];

        var outcomes = Concurrently.Run(leadOf.Length, i =>
        {
            if (i > 0 && !firstHasTheGate.Wait(TimeSpan.FromMinutes(1))) throw new TimeoutException("member 0 never took the gate");
            var id = leads[leadOf[i]].Id;
            try
            {
                return store.RunTogether(() =>
                {
                    if (i == 0)
                    {
                        firstHasTheGate.Set();
                        if (!SpinWait.SpinUntil(() => store.QueuedWriters == leadOf.Length - 1, TimeSpan.FromMinutes(1))) throw new TimeoutException("the others never queued");
                    }
                    // As a claim decides: on the lead as this member reads it (read ahead, or as written before it in the group).
                    var current = store.Find(id)!;
                    var claimed = current.State == LeadState.Offered && store.TryUpdate(Make.Step(current, LeadState.Accepted, T0.AddMinutes(1)));
                    if (i == 3) throw new InvalidOperationException("claim 3 failed after writing");
                    return claimed;
                }, reads: id);
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        });

        Assert.True(store.LeadsReadAhead >= 4, $"the group read {store.LeadsReadAhead} leads ahead; its members read leads 1–4");
        Assert.Equal([true, true, false, true], [outcomes[0], outcomes[4], outcomes[3], outcomes[1] ^ outcomes[5]]);
        Assert.True(outcomes[2] ^ outcomes[6], "exactly one of the two claims of lead 2 lands");
        Assert.Equal((LeadState.Offered, leads[3].Version), (store.Find(leads[3].Id)!.State, store.Find(leads[3].Id)!.Version));
        Assert.All(leads.Where((_, i) => i != 3), l => Assert.Equal((LeadState.Accepted, l.Version + 1), (store.Find(l.Id)!.State, store.Find(l.Id)!.Version)));
        using var reopened = Reopened(store);
        Assert.Equal(
            leads.Select((l, i) => i == 3 ? (LeadState.Offered, l.Version) : (LeadState.Accepted, l.Version + 1)),
            leads.Select(l => reopened.Find(l.Id)!).Select(l => (l.State, l.Version)));
        Assert.Equal(4, Accepted(reopened));
    }

    private static long Accepted(LiteDbLeadStore store) =>
        store.CounterTotals(T0.AddDays(-1), T0.AddDays(1)).Where(t => t.Metric == "accepted").Sum(t => t.Value);

    /// <summary>The file opened afresh, after the store that held it lets go: what was kept must be what was written.</summary>
    private LiteDbLeadStore Reopened(LiteDbLeadStore store)
    {
        store.Dispose();
        return new LiteDbLeadStore($"Filename={File};Connection=direct");
    }
}
