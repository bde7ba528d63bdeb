using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Tests.Storage;

/// <summary>
/// Concurrent writers share one transaction and one commit (group commit). What each caller sees must not change:
/// its own result, its own error, and nothing of a failed caller's work in the file.
/// </summary>
public sealed class LiteDbGroupCommitTests : IDisposable
{
    private sealed record Note(int Writer);

    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-group-").FullName;
    private string ConnectionString => $"Filename={Path.Combine(_folder, "leads.db")};Connection=shared";

    public void Dispose() => Directory.Delete(_folder, true);

    [Fact]
    public void WritersQueuedBehindABusyOne_CommitTogether_AndAFailingOneLosesOnlyItsOwnWork()
    {
        const int writers = 12;
        using var store = new LiteDbLeadStore(ConnectionString);
        using var firstHasTheGate = new ManualResetEventSlim();

        // Writer 0 holds the gate until the eleven others are queued behind it, so they form one group; 3 and 7 fail
        // after writing, which must roll their writes back without losing the other nine.
        var outcomes = Concurrently.Run(writers, i =>
        {
            if (i > 0) WaitFor(firstHasTheGate, "writer 0 took the gate");
            try
            {
                return store.RunTogether(() =>
                {
                    if (i == 0) HoldTheGateUntil(firstHasTheGate, () => store.QueuedWriters == writers - 1, "the others queued");
                    store.Put("notes", $"w{i}", new Note(i));
                    if (i is 3 or 7) throw new InvalidOperationException($"writer {i} changed its mind");
                    return $"ok {i}";
                });
            }
            catch (InvalidOperationException e)
            {
                return e.Message;
            }
        });

        Assert.Equal(0, store.QueuedWriters);
        for (var i = 0; i < writers; i++)
        {
            Assert.Equal(i is 3 or 7 ? $"writer {i} changed its mind" : $"ok {i}", outcomes[i]);
            Assert.Equal(i is 3 or 7 ? null : new Note(i), store.Get<Note>("notes", $"w{i}"));
        }
        // A second opener beside the first, as another process would (a direct-mode opener would be refused: the file is in use).
        using var reopened = new LiteDbLeadStore(ConnectionString);
        Assert.Equal(writers - 2, reopened.List<Note>("notes").Count);
    }

    [Fact]
    public void ACallerWhoQueuesWhileAGroupRuns_JoinsItsCommit()
    {
        // The join window is wall-clock time; widened here so that a slow group on a loaded machine still takes writer 3 in.
        using var store = new LiteDbLeadStore(ConnectionString) { JoinWithin = TimeSpan.FromMinutes(5) };
        using var firstHasTheGate = new ManualResetEventSlim();
        using var groupStarted = new ManualResetEventSlim();
        var commitsBefore = store.Commits.Count;

        // Writer 0 holds the gate until 1 and 2 queue behind it; they run as a group, and writer 3 queues only once
        // that group has started, so it can join only by being taken into the group's open transaction.
        var outcomes = Concurrently.Run(4, i =>
        {
            if (i == 3) WaitFor(groupStarted, "the group of 1 and 2 started");
            else if (i > 0) WaitFor(firstHasTheGate, "writer 0 took the gate");
            return store.RunTogether(() =>
            {
                if (i == 0) HoldTheGateUntil(firstHasTheGate, () => store.QueuedWriters == 2, "writers 1 and 2 queued");
                if (i == 1) HoldTheGateUntil(groupStarted, () => store.QueuedWriters == 1, "writer 3 queued");
                store.Put("notes", $"w{i}", new Note(i));
                return i;
            });
        });

        Assert.Equal([0, 1, 2, 3], outcomes);
        Assert.Equal(2, store.Commits.Count - commitsBefore); // writer 0 alone, then 1, 2 and 3 together
        Assert.Equal(4, store.List<Note>("notes").Count);
    }

    [Fact]
    public void GaugeMovesOfAGroup_AreSeenInsideIt_AndAFailingMembersMovesAreGone()
    {
        const int writers = 8;
        var t0 = new DateTimeOffset(2026, 11, 30, 9, 15, 0, TimeSpan.Zero);
        using var store = new LiteDbLeadStore(ConnectionString);
        using var firstHasTheGate = new ManualResetEventSlim();

        // One group of eight one-lead inserts for EMEA, as concurrent intake calls make; the gauges are moved once at
        // its commit, so a read inside the group must still see the moves made before it, and writer 5, which fails
        // after inserting, must leave no move behind when the others are committed without it.
        var seen = Concurrently.Run(writers, i =>
        {
            if (i > 0) WaitFor(firstHasTheGate, "writer 0 took the gate");
            try
            {
                return store.RunTogether(() =>
                {
                    if (i == 0) HoldTheGateUntil(firstHasTheGate, () => store.QueuedWriters == writers - 1, "the others queued");
                    store.Insert([Make.Offered($"g{i}", t0.AddSeconds(i), team: "EMEA")]);
                    if (i == 5) throw new InvalidOperationException("writer 5 changed its mind");
                    return store.CountWaiting("EMEA", t0.AddMinutes(1)).Total;
                });
            }
            catch (InvalidOperationException)
            {
                return -1;
            }
        });

        Assert.Equal(-1, seen[5]);
        Assert.All(seen.Where((_, i) => i != 5), n => Assert.InRange(n, 1, writers));
        Assert.Equal(new WaitingCounts(writers - 1, writers - 1), store.CountWaiting("EMEA", t0.AddMinutes(1)));
        Assert.Equal(writers - 1, store.Waiting("EMEA", 100).Count);
        Assert.True(store.TryUpdate(Make.Step(store.Find(store.Waiting("EMEA", 1)[0].Id)!, LeadState.Accepted, t0.AddMinutes(2))));
        using var reopened = new LiteDbLeadStore(ConnectionString);
        Assert.Equal(new WaitingCounts(writers - 2, writers - 2), reopened.CountWaiting("EMEA", t0.AddMinutes(1)));
    }

    [Fact]
    public void BatchedCallersQueuedTogether_RunAsOneCall_EachGetsItsOwnResult_AndAFailingInputFailsOnlyItsCaller()
    {
        const int callers = 10;
        using var store = new LiteDbLeadStore(ConnectionString);
        var calls = new System.Collections.Concurrent.ConcurrentBag<int>(); // the inputs of each call of the work

        IReadOnlyList<string> Work(IReadOnlyList<int> inputs)
        {
            calls.Add(inputs.Count);
            foreach (var i in inputs) store.Put("notes", $"b{i}", new Note(i));
            if (inputs.Contains(7)) throw new InvalidOperationException("input 7 is refused");
            return [.. inputs.Select(i => $"done {i}")];
        }

        // The nine batchable callers form one group and so one call; input 7 makes that call fail, so each is then run
        // alone and only caller 7 sees the error.
        var outcomes = QueuedBehindAHolder(store, callers, "first", i =>
        {
            try { return store.RunBatched("notes", i, Work); }
            catch (InvalidOperationException e) { return e.Message; }
        });

        Assert.Equal(["first", .. Enumerable.Range(1, callers - 1).Select(i => i == 7 ? "input 7 is refused" : $"done {i}")], outcomes);
        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 1, 1, callers - 1], calls.Order());
        Assert.Equal(Enumerable.Range(1, callers - 1).Where(i => i != 7).Select(i => new Note(i)), store.List<Note>("notes").OrderBy(n => n.Writer));
    }

    [Fact]
    public void BatchedCallersQueuedTogether_WithoutAFailure_CostOneCallAndOneCommit()
    {
        const int callers = 9;
        using var store = new LiteDbLeadStore(ConnectionString);
        var calls = new System.Collections.Concurrent.ConcurrentBag<int>();
        var commitsBefore = store.Commits.Count;

        var outcomes = QueuedBehindAHolder(store, callers, -1,
            i => store.RunBatched<int, int>("squares", i, inputs => { calls.Add(inputs.Count); return [.. inputs.Select(n => n * n)]; }));

        Assert.Equal([-1, .. Enumerable.Range(1, callers - 1).Select(i => i * i)], outcomes);
        Assert.Equal([callers - 1], calls);
        Assert.Equal(2, store.Commits.Count - commitsBefore); // the holder alone, then the eight as one call in one group
    }

    /// <summary>
    /// Caller 0 holds the write gate (its own <c>RunTogether</c>, answering <paramref name="first"/>) until callers
    /// 1…n-1, each running <paramref name="queued"/> on its own thread, are all queued behind it: they form the next group.
    /// </summary>
    private static IReadOnlyList<T> QueuedBehindAHolder<T>(LiteDbLeadStore store, int callers, T first, Func<int, T> queued)
    {
        using var holding = new ManualResetEventSlim();
        return Concurrently.Run(callers, i =>
        {
            if (i == 0) return store.RunTogether(() => { HoldTheGateUntil(holding, () => store.QueuedWriters == callers - 1, "the others queued"); return first; });
            WaitFor(holding, "caller 0 took the gate");
            return queued(i);
        });
    }

    [Fact]
    public async Task InDirectMode_ReadsQueueBehindTheWriteInProgress_SoTwoEngineCallsNeverOverlap()
    {
        // LiteDB 5's page cache can fail for good when engine calls overlap (litedb-org/LiteDB#2817): every read queues,
        // a comment range as much as a document by key.
        using var store = new LiteDbLeadStore($"Filename={Path.Combine(_folder, "direct.db")};Connection=direct");
        using var writing = new ManualResetEventSlim();
        using var letGo = new ManualResetEventSlim();
        var writer = Task.Run(() => store.RunTogether(() =>
        {
            writing.Set();
            WaitFor(letGo, "the read queued");
            store.Put("notes", "w", new Note(1));
            return 0;
        }));
        WaitFor(writing, "the writer took the gate");

        var reader = Task.Run(() => store.Get<Note>("notes", "w"));
        var comments = Task.Run(() => store.LatestComments(new CommentQuery(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue)));
        var queued = SpinWait.SpinUntil(() => store.QueuedWriters == 2, TimeSpan.FromMinutes(1));
        var finishedEarly = reader.IsCompleted || comments.IsCompleted;
        letGo.Set();
        await writer;

        Assert.True(queued, "the reads never queued for the gate");
        Assert.False(finishedEarly);
        Assert.Equal(new Note(1), await reader); // run after the write's commit, so it sees it
        Assert.Empty(await comments);
    }

    [Fact]
    public void WhenTheFileCannotBeOpened_EveryQueuedCallerGetsTheError_NoneWaitsForEver()
    {
        var path = Path.Combine(_folder, "leads.db");
        using var store = new LiteDbLeadStore(ConnectionString);

        // Writer 0 holds the gate until the eleven others are queued, then replaces the file by a folder (the file is
        // open, which Linux allows), so the group behind it cannot open the store.
        using var firstHasTheGate = new ManualResetEventSlim();
        var outcomes = Concurrently.Run(12, i =>
        {
            if (i > 0) WaitFor(firstHasTheGate, "writer 0 took the gate");
            try
            {
                return store.RunTogether(() =>
                {
                    if (i == 0)
                    {
                        HoldTheGateUntil(firstHasTheGate, () => store.QueuedWriters == 11, "the others queued");
                        File.Delete(path);
                        Directory.CreateDirectory(path);
                        return "first";
                    }
                    store.Put("notes", $"w{i}", new Note(i));
                    return "written";
                });
            }
            catch (Exception e) when (e is LiteDB.LiteException or IOException or UnauthorizedAccessException)
            {
                return "refused";
            }
        });

        Assert.All(outcomes.Skip(1), o => Assert.Equal("refused", o));
        Assert.Equal(0, store.QueuedWriters);
    }

    /// <summary>
    /// Inside the gate: tells the waiting writers it is held, then waits for them to queue. The limit only stops a hang;
    /// missing it fails the test (a writer that never queued) instead of letting it check a different order.
    /// </summary>
    private static void HoldTheGateUntil(ManualResetEventSlim held, Func<bool> condition, string what)
    {
        held.Set();
        if (!SpinWait.SpinUntil(condition, TimeSpan.FromMinutes(1))) throw new TimeoutException("Never happened: " + what);
    }

    private static void WaitFor(ManualResetEventSlim signal, string what)
    {
        if (!signal.Wait(TimeSpan.FromMinutes(1))) throw new TimeoutException("Never happened: " + what);
    }

    [Fact]
    public void ManyConcurrentInserts_AllLand_WithTheirHistory()
    {
        using var store = new LiteDbLeadStore(ConnectionString);
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

        var results = Concurrently.Run(40, i =>
        {
            var lead = new Lead { Id = $"L{i:D4}", Source = "hubspot", ExternalId = $"e{i % 30}", ReceivedAt = at, State = LeadState.Received };
            return store.Insert([new LeadChange(lead, [new LeadEvent { LeadId = lead.Id, At = at, Type = "received" }])])[0];
        });

        // Ten external ids arrive twice: exactly one of each pair is inserted, the other is told about the first.
        Assert.Equal(30, results.Count(r => r.Inserted));
        Assert.All(results.GroupBy(r => r.Lead.ExternalId), pair => Assert.Single(pair.Select(r => r.Lead.Id).Distinct()));
        Assert.All(results.Where(r => r.Inserted), r => Assert.Equal(["received"], store.History(r.Lead.Id).Select(e => e.Type)));
    }
}
