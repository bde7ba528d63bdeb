using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using LiteDB;

namespace LeadBot.Storage;

/// <summary>
/// How the LiteDB store runs its work: every write (and, in shared mode, every read) is queued and committed together
/// with whatever else is queued when the write gate frees (group commit).
/// </summary>
public sealed partial class LiteDbLeadStore
{
    /// <summary>Writers waiting for the gate right now (for tests of group commit).</summary>
    internal int QueuedWriters => _queue.Count;

    /// <summary>
    /// How long queued work has held the write gate since the store opened (for benchmarks): all of it runs one group
    /// at a time, so gate time per operation bounds the store's throughput whatever the number of cores.
    /// </summary>
    internal TimeSpan GateHeld => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _gateHeldTicks));

    /// <summary>Transactions committed, and the time their commits took (for benchmarks): each costs a file open, a write and a checkpoint in shared mode, whatever it holds.</summary>
    internal (long Count, TimeSpan Time) Commits => (Volatile.Read(ref _commits), Stopwatch.GetElapsedTime(0, Volatile.Read(ref _commitTicks)));

    private long _gateHeldTicks, _commits, _commitTicks; // written under the gate only

    /// <summary>
    /// Reads queue with the writes and run in their group's transaction, in both modes. In direct mode they used to run at
    /// once, beside the writer; but LiteDB 5's page cache can recycle a page that another thread has looked up and not yet
    /// pinned when engine calls overlap on a file larger than its cache (litedb-org/LiteDB#2817, fixed only after 5.0.21,
    /// the newest version we can restore), and the engine then fails every call until the process restarts: seen on a
    /// 1M-lead store in one run of three. One engine call at a time cannot meet it. In shared mode LiteDB also opens the
    /// file for every call made outside a transaction (0.4 ms a read on a 2-core machine, against 0.04 ms inside one).
    /// </summary>
    private T Read<T>(Func<T> read) => InTransaction(read);

    /// <summary>
    /// Several reads and writes in one LiteDB transaction. In shared mode every call outside a transaction opens the file,
    /// and every commit checkpoints it (about 4 ms on a 2-core machine against 0.1 ms in direct mode), so a claim's
    /// read-decide-write or intake's existence check, round-robin picks and insert in one scope cost one open instead of
    /// three; in both modes one queued item instead of three. Store calls made inside join the scope.
    /// </summary>
    public T RunTogether<T>(Func<T> work, string? reads = null) => InTransaction(work, reads: reads);

    /// <summary>
    /// Callers of the same <paramref name="kind"/> queued for one group run as one call of <paramref name="work"/> over
    /// all their inputs (see <see cref="ILeadStore.RunBatched{TIn, TOut}"/>): sixteen one-lead intake requests then cost
    /// one existence check and one insert per collection, as a batch of sixteen does, instead of sixteen of each. A kind
    /// names one piece of work: the first queued caller's <paramref name="work"/> runs for all of its kind.
    /// </summary>
    public TOut RunBatched<TIn, TOut>(string kind, TIn input, Func<IReadOnlyList<TIn>, IReadOnlyList<TOut>> work) =>
        InTransaction(() => work([input])[0], new Batchable(kind, input, inputs => [.. work([.. inputs.Cast<TIn>()]).Cast<object?>()]));

    /// <summary>What lets queued work of one kind run as one call: its kind, its input and the call over many inputs.</summary>
    private sealed record Batchable(string Kind, object? Input, Func<IReadOnlyList<object?>, IReadOnlyList<object?>> Run);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction under the write gate (group commit). Callers queue their work; whoever
    /// takes the gate runs everything queued so far, its own included (and, for a while, whatever queues meanwhile), in one
    /// transaction with one commit, so concurrent writers (64 clicks, four intake clients) share the commit's cost instead
    /// of queueing for one each. Work that fails rolls the group back and each member is run again on its own, so only the
    /// failing caller sees its error and the others are committed. Hence work must be a pure function of the store (see
    /// <see cref="ILeadStore.RunTogether{T}"/>). Inside an open scope (the gate is re-entrant) work joins the outer
    /// transaction.
    /// </summary>
    private T InTransaction<T>(Func<T> work, Batchable? batchable = null, string? reads = null)
    {
        if (_gate.IsHeldByCurrentThread)
        {
            if (_depth > 0) return work();
            using var alone = new Pending(() => work());
            RunAlone(alone);
            return alone.Outcome<T>();
        }
        using var mine = new Pending(() => work(), batchable, reads);
        _queue.Enqueue(mine);
        // Whoever gets the gate leads; the others wait for their own item, not for the gate, so a finished caller
        // returns at once instead of queueing for the lock only to find its work done. Leadership passes when the
        // leader's own item is done: it wakes the caller first in line, which takes the gate (or, if a newcomer got it
        // first, waits again: whoever holds the gate wakes the first in line when it lets go). Waiters block without
        // spinning: 64 callers spinning on two cores took the CPU the group needed.
        while (!mine.Done)
        {
            if (_gate.TryEnter())
            {
                var since = Stopwatch.GetTimestamp();
                try
                {
                    while (!mine.Done) RunGroup();
                }
                finally
                {
                    _gateHeldTicks += Stopwatch.GetTimestamp() - since;
                    _gate.Exit();
                }
                if (_queue.TryPeek(out var next)) Wake(next);
            }
            else
            {
                mine.Completed.Wait(LeaderRetry);
                // Woken to lead (not done): re-arm before trying the gate, so a wake-up sent after a failed try is kept.
                if (!mine.Done) mine.Completed.Reset();
            }
        }
        return mine.Outcome<T>();
    }

    /// <summary>
    /// Between the peek and the wake another leader may finish that item and its caller return and dispose it: a wake-up
    /// it no longer needs, which must not throw in this caller after its own work was committed.
    /// </summary>
    private static void Wake(Pending first)
    {
        try { first.Completed.Set(); }
        catch (ObjectDisposedException) { }
    }

    /// <summary>A safety net only: a waiter is woken when its work is done or when it is first in line.</summary>
    private static readonly TimeSpan LeaderRetry = TimeSpan.FromMilliseconds(50);

    private sealed class Pending(Func<object?> work, Batchable? batchable = null, string? reads = null) : IDisposable
    {
        public readonly Func<object?> Work = work;
        public readonly Batchable? Batchable = batchable;
        public readonly string? Reads = reads; // the lead the work reads first, if known (see ReadAhead)
        public bool Ran; // in the group being run
        public readonly ManualResetEventSlim Completed = new(false, spinCount: 0);
        public object? Result;
        public ExceptionDispatchInfo? Error;
        private volatile bool _done;

        public bool Done
        {
            get => _done;
            set
            {
                _done = value;
                // The caller may see _done, return and dispose the event before this line: it needs no wake-up then.
                if (value) Wake(this);
            }
        }

        public T Outcome<T>()
        {
            Error?.Throw();
            return (T)Result!;
        }

        public void Dispose() => Completed.Dispose();
    }

    private readonly ConcurrentQueue<Pending> _queue = new();
    private const int MaxGroup = 128; // bounds how long the first caller of a group waits for the others

    /// <summary>
    /// How long a running group keeps taking in callers who queue meanwhile. Tests of the joining widen it, so that how
    /// fast a loaded machine runs the group cannot decide what they check.
    /// </summary>
    internal TimeSpan JoinWithin { get; init; } = TimeSpan.FromMilliseconds(50);

    private void RunGroup()
    {
        var group = new List<Pending>();
        while (group.Count < MaxGroup && _queue.TryDequeue(out var next)) group.Add(next);
        if (group.Count == 1) RunAlone(group[0]);
        else if (group.Count > 1 && !TryRunTogether(group)) group.ForEach(RunAlone);
    }

    // Opening the transaction is inside the try in both: in shared mode it opens the file, which can fail (the store is
    // unreachable), and every dequeued caller must still be answered, or it would wait for ever.
    private bool TryRunTogether(List<Pending> group)
    {
        _depth++;
        try
        {
            var since = Stopwatch.GetTimestamp();
            BeginTransaction();
            ReadAhead(group);
            for (var i = 0; i < group.Count; i++)
            {
                if (!group[i].Ran) Run(group, i);
                // Callers who queued while the group ran join it instead of waiting for its commit to pay for their own:
                // a commit in shared mode costs a file open, a write and a checkpoint whatever it holds. Bounded, so the
                // first caller's answer waits for one more piece of work at most once the group has run for a while.
                if (i == group.Count - 1 && group.Count < MaxGroup && Stopwatch.GetElapsedTime(since) < JoinWithin && _queue.TryDequeue(out var late))
                    group.Add(late);
            }
            FlushBuffered();
            Commit();
            PublishWritten();
        }
        catch (Exception)
        {
            TryRollback();
            return false;
        }
        finally
        {
            _depth--;
        }
        foreach (var p in group) p.Done = true;
        return true;
    }

    /// <summary>
    /// Runs group[i]; if it is batchable, together with every later member of its kind that has not run yet (the order
    /// of concurrent callers is theirs to lose: none waited for another).
    /// </summary>
    private static void Run(List<Pending> group, int i)
    {
        if (group[i].Batchable is not { } first)
        {
            group[i].Result = group[i].Work();
            group[i].Ran = true;
            return;
        }
        var members = group.Skip(i).Where(p => !p.Ran && p.Batchable?.Kind == first.Kind).ToList();
        var results = first.Run([.. members.Select(m => m.Batchable!.Input)]);
        for (var k = 0; k < members.Count; k++)
        {
            members[k].Result = results[k];
            members[k].Ran = true;
        }
    }

    private void RunAlone(Pending p)
    {
        try
        {
            // Once more when the work failed on a message it believed absent: it looks that id up now (LiteDbLeadStore.KnownMessages.cs).
            for (var learnt = _lookUp.Count; !TryRunAlone(p) && _lookUp.Count != learnt; learnt = _lookUp.Count) { }
        }
        finally
        {
            p.Done = true;
        }
    }

    private bool TryRunAlone(Pending p)
    {
        _depth++;
        try
        {
            BeginTransaction();
            p.Result = p.Work();
            FlushBuffered();
            Commit();
            PublishWritten();
            p.Error = null;
            return true;
        }
        catch (Exception e)
        {
            TryRollback();
            p.Error = ExceptionDispatchInfo.Capture(e);
            return false;
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>What a transaction kept in memory until its commit starts empty, whatever an earlier one left behind.</summary>
    private void BeginTransaction()
    {
        _knownAbsent.Clear();
        _pendingCounts.Clear();
        _pendingGauges.Clear();
        _written.Clear();
        _gaugesWritten.Clear();
        _db.BeginTrans();
    }

    /// <summary>The counter bumps and gauge moves the transaction buffered, written just before its commit.</summary>
    private void FlushBuffered()
    {
        FlushCounters();
        FlushGauges();
    }

    private void Commit()
    {
        var since = Stopwatch.GetTimestamp();
        _db.Commit();
        _commitTicks += Stopwatch.GetTimestamp() - since;
        _commits++;
    }

    private void TryRollback()
    {
        _written.Clear();
        _gaugesWritten.Clear();
        ForgetLaneHeads();
        try { _db.Rollback(); }
        catch (Exception e) when (e is LiteException or IOException or UnauthorizedAccessException or InvalidOperationException) { }
    }
}
