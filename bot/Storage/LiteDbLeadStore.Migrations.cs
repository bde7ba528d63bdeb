using LeadBot.Leads;
using LiteDB;

namespace LeadBot.Storage;

/// <summary>
/// The LiteDB file's layout steps, in one place: the file records the last step it ran (UserVersion) and each open runs
/// the steps after it, in order. Append; never edit a step that has shipped.
/// </summary>
public sealed partial class LiteDbLeadStore
{
    /// <summary>The layout this build writes; files at an older one migrate forward on open.</summary>
    public static int LatestLayout => Migrations[^1].Version;

    private void Migrate()
    {
        lock (_gate)
        {
            foreach (var (version, step) in Migrations)
            {
                if (_db.UserVersion >= version) continue;
                step(this);
                _db.UserVersion = version;
            }
        }
    }

    /// <summary>Forward-only layout steps. Append; never edit a step that has shipped.</summary>
    private static readonly (int Version, Action<LiteDbLeadStore> Step)[] Migrations =
    [
        (1, s =>
        {
            s._leads.EnsureIndex("key", unique: true);
            s._leads.EnsureIndex("state");
            s._leads.EnsureIndex("team");
            s._leads.EnsureIndex("owner");
            s._leads.EnsureIndex("offeredTo");
            s._leads.EnsureIndex("receivedAt");
            s._events.EnsureIndex("leadId");
            s._events.EnsureIndex("at");
            s._outbox.EnsureIndex("status");
            s._outbox.EnsureIndex("dueAt");
            s._kv.EnsureIndex("bag");
        }),
        (2, s => s.FoldIntoAggregates()),
        (3, s =>
        {
            // Outbox: index the next moment each pending message may be taken (see TakeDue).
            foreach (var doc in s._outbox.FindAll().ToList()) s._outbox.Update(ToDoc(FromDoc(doc)));
            s._outbox.EnsureIndex("takeAt");
        }),
        (4, s =>
        {
            // Every index entry is written on each insert: these two are never read (history is read by lead, the
            // dispatcher by takeAt), and events are now written one document per step.
            s._events.DropIndex("at");
            s._outbox.DropIndex("dueAt");
        }),
        (5, s => s.IndexStateAndId()),
        (6, s => s.CountSentOnce()),
        (7, s =>
        {
            // Each index costs a skip-list insert on every new lead and another on every step that changes its key (a
            // claim changes state and offeredTo). No query the bot makes reads these three: scans by state use stateId,
            // waiting leads by team use waitingKey; FindLeads by them alone still works, by reading the leads.
            s._leads.DropIndex("state");
            s._leads.DropIndex("team");
            s._leads.DropIndex("offeredTo");
        }),
        (8, s => s.IndexOutboxByLane()),
        (9, s =>
        {
            // A new lead wrote twelve index entries, a third of intake's time in the store; these four go. No query reads
            // owner or waitingSince (open leads by owner use openOwner, waiting leads are read per team by waitingKey); the
            // outbox is read by lane and its counts come from gauges. The two sparse indexes left in their place hold only
            // the few documents they find (open leads with an owner, parked messages). Steps get ids that start with their
            // lead's id in a new collection, so no step writes a leadId index entry; older steps stay where they are.
            s._leads.DropIndex("owner");
            s._leads.DropIndex("waitingSince");
            s._leads.EnsureIndex(OpenOwnerIndex, OpenOwnerIndexed);
            s._outbox.DropIndex("status");
            s._outbox.EnsureIndex(FailedIndex, FailedIndexed);
        }),
        (10, s => s.CountWaitingMinutes()),
        (11, s =>
        {
            // Sparse: only waiting leads and pending messages, the only ones their queries read. A claim and every send
            // wrote a null entry here (one index walk each under the write gate). Rebuilding reads every lead and message
            // once, on the first start after the upgrade.
            s._leads.DropIndex(WaitingKeyIndex);
            s._leads.EnsureIndex(WaitingKeyIndex, WaitingKeyIndexed);
            s._outbox.DropIndex(LaneIndex);
            s._outbox.EnsureIndex(LaneIndex, LaneIndexed);
        }),
    ];

    /// <summary>Layout 6: the sent messages' count becomes a gauge, so /healthz need not count them.</summary>
    private void CountSentOnce() =>
        _gauges.Upsert(new BsonDocument { ["_id"] = SentGauge, ["n"] = _outbox.Count(LiteFilter.Eq("status", nameof(OutboxStatus.Sent))) });

    /// <summary>Layout 8: pending messages get their lane and their audience's gauge; sent and failed ones need neither.</summary>
    private void IndexOutboxByLane()
    {
        var pending = _outbox.Find(LiteFilter.Eq("status", nameof(OutboxStatus.Pending))).Select(FromDoc).ToList();
        foreach (var m in pending) _outbox.Update(ToDoc(m));
        _outbox.DropIndex("takeAt");
        _outbox.EnsureIndex("lane");
        foreach (var audience in pending.GroupBy(m => m.Audience))
            _gauges.Upsert(new BsonDocument { ["_id"] = PendingGauge(audience.Key), ["n"] = audience.Count() });
    }

    /// <summary>Layout 5: the state-and-id index that <see cref="ScanLeads"/> pages through.</summary>
    private void IndexStateAndId() => _leads.EnsureIndex(StateIdIndex, StateAndId);

    private const int MigrationPage = 2000;

    /// <summary>
    /// Layout 2: counters, comments, gauges and the waiting indexes. Folds every stored lead's history into the aggregates,
    /// a page of leads per transaction; it starts from empty aggregates, so an interrupted run simply runs again.
    /// </summary>
    private void FoldIntoAggregates()
    {
        lock (_cacheGate) _counterCache.Clear();
        _counters.DeleteAll();
        _comments.DeleteAll();
        _gauges.DeleteAll();
        _comments.EnsureIndex("at");
        _leads.EnsureIndex("waitingSince");
        _leads.EnsureIndex("waitingKey");
        var last = "";
        while (true)
        {
            var page = _leads.Find(P("_id > @0", last), limit: MigrationPage).ToList();
            if (page.Count == 0) break;
            // One transaction per page, opened through InTransaction so the reads inside (History) join it.
            InTransaction(() =>
            {
                var counts = new List<CounterIncrement>();
                foreach (var doc in page)
                {
                    var lead = StoreJson.Read<Lead>(doc["json"].AsString);
                    var current = ToDoc(lead);
                    _leads.Update(current);
                    Wrote(lead, current);
                    MoveGauges([], current);
                    counts.AddRange(Derive(lead, History(lead.Id)));
                }
                WriteCounters(counts);
                return true;
            });
            last = page[^1]["_id"].AsString; // Find by _id range returns index order
        }
    }
}
