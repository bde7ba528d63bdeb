using LeadBot.Storage;

namespace LeadBot.Privacy;

/// <param name="DueSince">The first erasure since the last compaction; null when the file holds no erased value.</param>
public sealed record CompactionState(DateTimeOffset? DueSince, DateTimeOffset? LastAt, TimeSpan? LastTook);

/// <summary>
/// Erasure rewrites documents, but the store's files keep the old bytes until they are compacted (LiteDB rebuild,
/// PostgreSQL VACUUM FULL), which blocks the store while it runs. So erasure only marks compaction as due, and it runs
/// with the daily privacy run (or at once through POST /api/people/compact): many erasures pay for one compaction, and
/// the block falls at night. The state is kept in the store, so every instance sees the same one.
/// </summary>
public sealed class Compaction(ILeadStore store, IPersonalDataStore personal, TimeProvider clock, ILogger<Compaction> log)
{
    private const string Bag = "privacy", Key = "compaction";

    public CompactionState State => store.Get<CompactionState>(Bag, Key) ?? new CompactionState(null, null, null);

    public void MarkDue(DateTimeOffset at)
    {
        if (State is { DueSince: null } state) store.Put(Bag, Key, state with { DueSince = at });
    }

    public CompactionState Run()
    {
        var before = State;
        var started = clock.GetTimestamp();
        personal.Compact();
        var took = clock.GetElapsedTime(started);
        // An erasure that finished while this ran may have marked it due again after we read the state: keep its mark.
        var due = State.DueSince is { } since && since != before.DueSince ? since : (DateTimeOffset?)null;
        var after = new CompactionState(due, clock.GetUtcNow(), took);
        store.Put(Bag, Key, after);
        log.LogInformation("Store compacted in {Took}: erased values are gone from its files{Since}", took,
            before.DueSince is { } d ? $" (due since {d:u})" : "");
        return after;
    }

    public bool RunIfDue()
    {
        if (State.DueSince is null) return false;
        Run();
        return true;
    }
}
