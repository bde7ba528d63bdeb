using System.Globalization;
using LiteDB;

namespace LeadBot.Storage;

public sealed partial class LiteDbLeadStore
{
    public void Enqueue(IReadOnlyList<OutboxMessage> messages) =>
        InTransaction(() => { EnqueueInTransaction(messages); return true; });

    /// <param name="forNewLead">
    /// The messages of leads inserted in this transaction: ids carry the new leads' ids, so none can exist yet and the
    /// read before each insert is skipped (only repeats within the list itself are looked for).
    /// </param>
    /// <param name="absent">Which messages are known not to exist yet (LiteDbLeadStore.KnownMessages.cs): inserted without a lookup.</param>
    private void EnqueueInTransaction(IReadOnlyList<OutboxMessage> messages, bool forNewLead = false, Func<OutboxMessage, bool>? absent = null)
    {
        if (forNewLead && messages.Select(m => m.Id).Distinct(StringComparer.Ordinal).Count() == messages.Count)
        {
            var docs = messages.Select(ToDoc).ToList();
            _outbox.InsertBulk(docs);
            docs.ForEach(InLane);
            WriteGauges(docs.SelectMany(d => GaugeMoves(null, d, OutboxGaugesOf)));
            return;
        }
        var unknown = messages.Where(m => absent?.Invoke(m) != true).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var stored = StoredMessages(unknown).ToDictionary(d => d["_id"].AsString, StringComparer.Ordinal);
        foreach (var m in messages)
        {
            // A repeat within the list finds the copy written before it, as a lookup of its own would.
            if (!stored.TryGetValue(m.Id, out var existing))
            {
                var doc = ToDoc(m);
                if (unknown.Contains(m.Id)) _outbox.Insert(doc);
                else InsertBelievedAbsent(doc);
                InLane(doc);
                WriteGauges(GaugeMoves(null, doc, OutboxGaugesOf));
                stored[m.Id] = doc;
            }
            // A newer card update replaces the pending one and drops any lease, so a send already in flight cannot
            // mark it done: the latest state is rendered again.
            else if (m.Coalesces) stored[m.Id] = UpdateOutbox(existing, m with { Status = OutboxStatus.Pending, LeaseOwner = null, LeaseUntil = null });
        }
    }

    /// <summary>The messages stored under these ids, in one index read: each LiteDB query pays for its own plan and pipeline.</summary>
    private IEnumerable<BsonDocument> StoredMessages(IReadOnlyCollection<string> ids) => ids.Count switch
    {
        0 => [],
        1 => _outbox.FindById(ids.First()) is { } one ? [one] : [],
        _ => _outbox.Find(LiteFilter.In("_id", ids.Select(id => new BsonValue(id)))),
    };

    /// <summary>Writes a message's new state and moves the gauges its status change enters or leaves.</summary>
    private BsonDocument UpdateOutbox(BsonDocument before, OutboxMessage after)
    {
        var doc = ToDoc(after);
        _outbox.Update(doc);
        InLane(doc);
        WriteGauges(GaugeMoves(before, doc, OutboxGaugesOf));
        return doc;
    }

    /// <summary>
    /// Sent messages only accumulate (two or three per lead), and /healthz reports how many: a gauge moved by the
    /// writes that enter or leave Sent, where counting the index would read every one of them on each probe.
    /// </summary>
    private const string SentGauge = "outbox|sent";

    /// <summary>Pending messages per audience: which audiences <see cref="TakeDue"/> looks in.</summary>
    private static string PendingGauge(string audience) => "pending|" + audience;

    private static IEnumerable<string> OutboxGaugesOf(BsonDocument message)
    {
        var status = message["status"].AsString;
        if (status == nameof(OutboxStatus.Sent)) yield return SentGauge;
        else if (status == nameof(OutboxStatus.Pending)) yield return PendingGauge(message["audience"].AsString);
    }

    /// <remarks>
    /// "lane" orders each audience's pending messages by the moment they may next be taken (sent and failed ones have
    /// none), so each audience is one index range that stops after max. The audiences come from the pending gauges, and
    /// the ones to skip are never read: one index over all audiences made a dispatcher with a few busy channels read their
    /// whole backlog on every refill (an intake burst of 20,000 leads: a fifth of the store's time).
    /// </remarks>
    public IReadOnlyList<OutboxMessage> TakeDue(DateTimeOffset now, int max, string worker, TimeSpan lease, IReadOnlyCollection<string>? skipAudiences = null, int perAudience = int.MaxValue,
        IReadOnlySet<string>? onlyAudiences = null) => InTransaction(() =>
    {
        var due = OldestDue(AudiencesDueBy(now).Where(a => (skipAudiences is null || !skipAudiences.Contains(a)) && (onlyAudiences is null || onlyAudiences.Contains(a))).ToList(),
                now, max, Math.Min(max, perAudience))
            .Select(c => FromDoc(c.Doc))
            .Where(m => m.LeaseUntil is null || m.LeaseUntil <= now)
            .OrderBy(m => m.DueAt)
            .Select(m => m with { LeaseOwner = worker, LeaseUntil = now + lease })
            .ToList();
        foreach (var m in due)
        {
            var doc = ToDoc(m);
            _outbox.Update(doc);
            InLane(doc);
        }
        return due;
    });

    /// <summary>A pending message found in its lane, parsed only if it is taken.</summary>
    private readonly record struct Candidate(BsonDocument Doc, long TakeAt);

    /// <summary>
    /// The <paramref name="max"/> messages that may be taken first, at most <paramref name="perAudience"/> of each audience:
    /// the same as reading perAudience from every lane and keeping the oldest, without reading them all. With 64 reps'
    /// chats busy and a few places free, each look read and parsed up to 64 × the free places to keep a handful, several
    /// milliseconds of the write gate on every wake-up (a fifth of it during an accept burst). Each lane is read for its
    /// share of max first; only a lane all of whose share made the cut can have more that belongs in it, and is read again,
    /// twice as far each time up to perAudience (going straight to perAudience read 64 × 48 messages to keep 128: 280 ms).
    /// Only the messages kept are parsed.
    /// </summary>
    private List<Candidate> OldestDue(List<string> audiences, DateTimeOffset now, int max, int perAudience)
    {
        if (audiences.Count == 0 || max <= 0) return [];
        var share = Math.Clamp((max + audiences.Count - 1) / audiences.Count, 1, perAudience);
        var lanes = audiences.ToDictionary(a => a, a => (Read: share, Found: TakeableIn(a, now, share)));
        while (true)
        {
            var kept = lanes.SelectMany(l => l.Value.Found.Due.Select(c => (Audience: l.Key, Candidate: c)))
                .OrderBy(x => x.Candidate.TakeAt)
                .Take(max)
                .ToList();
            var keptPerLane = kept.CountBy(x => x.Audience).ToDictionary();
            var cutShort = lanes
                .Where(l => l.Value.Read < perAudience && l.Value.Found.Due.Count == l.Value.Read && keptPerLane.GetValueOrDefault(l.Key) == l.Value.Read)
                .Select(l => l.Key)
                .ToList();
            if (cutShort.Count == 0)
            {
                // A lane all of whose takeable messages are taken next has one when its first later message comes due.
                foreach (var (audience, (_, found)) in lanes)
                {
                    if (found.Known && keptPerLane.GetValueOrDefault(audience) == found.Due.Count) LaneRead(audience, found.Next);
                }
                return [.. kept.Select(x => x.Candidate)];
            }
            foreach (var a in cutShort)
            {
                var read = Math.Min(perAudience, lanes[a].Read * 2);
                lanes[a] = (read, TakeableIn(a, now, read));
            }
        }
    }

    /// <summary>What a read of the head of a lane found: the first messages takeable by then, and whether it also saw what follows them (<paramref name="Next"/>: the moment of the first later message, or null for none).</summary>
    private sealed record LaneHead(List<Candidate> Due, bool Known, long? Next);

    /// <summary>
    /// An audience's first <paramref name="max"/> messages that may be taken by <paramref name="until"/>; read one past
    /// them over the whole lane, so that a lane with nothing takeable says when it next has something (or that it is
    /// empty) for the same one index read (LiteDbLeadStore.LaneHeads.cs).
    /// </summary>
    private LaneHead TakeableIn(string audience, DateTimeOffset until, int max)
    {
        // One past max, unless max is already everything (a caller asking for all of a lane).
        var limit = max < int.MaxValue ? max + 1 : max;
        var docs = _outbox.Find(LiteFilter.BetweenAny(LaneIndexed, Lane(audience, DateTimeOffset.MinValue), Lane(audience, DateTimeOffset.MaxValue)), limit: limit).ToList();
        var own = Own(docs, audience).ToList();
        var due = own.Where(c => c.TakeAt <= until.UtcTicks).Take(max).ToList();
        var later = own.Skip(due.Count).Select(c => (long?)c.TakeAt).FirstOrDefault();
        return new LaneHead(due, Known: later is not null || docs.Count < limit, later);
    }

    /// <summary>An audience's pending messages that may be taken by <paramref name="until"/>, in lane order, unparsed.</summary>
    private IEnumerable<Candidate> DueIn(string audience, DateTimeOffset until, int max) =>
        Own(_outbox.Find(LiteFilter.BetweenAny(LaneIndexed, Lane(audience, DateTimeOffset.MinValue), Lane(audience, until)), limit: max), audience);

    /// <summary>Of a lane range's documents, this audience's pending messages: the range is by LiteDB's collation, the audience decides.</summary>
    private static IEnumerable<Candidate> Own(IEnumerable<BsonDocument> lane, string audience) =>
        lane.Where(d => d["audience"].AsString == audience && d["status"].AsString == nameof(OutboxStatus.Pending))
            .Select(d => new Candidate(d, TakeAtIn(d["lane"].AsString)));

    private List<(string Audience, int Count)> PendingAudiences() =>
        [.. GaugesStartingWith(PendingGauge("")).Select(g => (g.Id[PendingGauge("").Length..], g.N))];

    /// <summary>An audience's pending messages that may be taken by <paramref name="until"/>, in lane order.</summary>
    private IEnumerable<OutboxMessage> PendingIn(string audience, DateTimeOffset until, int max) => DueIn(audience, until, max).Select(c => FromDoc(c.Doc));

    public void Complete(string messageId, string worker, DateTimeOffset at) => InTransaction(() =>
    {
        if (_outbox.FindById(messageId) is not { } doc) return false;
        var m = FromDoc(doc);
        if (m.LeaseOwner != worker) return false; // replaced by a newer update while in flight
        UpdateOutbox(doc, m with { Status = OutboxStatus.Sent, SentAt = at, Attempts = m.Attempts + 1, LeaseOwner = null, LeaseUntil = null });
        return true;
    });

    public void Reschedule(string messageId, string worker, DateTimeOffset dueAt, string error, bool parkAsFailed) => InTransaction(() =>
    {
        if (_outbox.FindById(messageId) is not { } doc) return false;
        var m = FromDoc(doc);
        if (m.LeaseOwner != worker) return false;
        UpdateOutbox(doc, m with
        {
            Status = parkAsFailed ? OutboxStatus.Failed : OutboxStatus.Pending,
            DueAt = dueAt,
            Attempts = m.Attempts + 1,
            LastError = error,
            LeaseOwner = null,
            LeaseUntil = null,
        });
        return true;
    });

    public bool Release(string messageId, string worker, DateTimeOffset dueAt, string? note) => InTransaction(() =>
    {
        if (_outbox.FindById(messageId) is not { } doc) return false;
        var m = FromDoc(doc);
        if (m.LeaseOwner != worker) return false;
        UpdateOutbox(doc, m with { DueAt = dueAt, LastError = note, LeaseOwner = null, LeaseUntil = null });
        return true;
    });

    /// <remarks>
    /// Pending messages are counted by their audiences' gauges and read through their lanes (the oldest may be a retry
    /// due later than newer ones, so every pending message is looked at); parked ones are few and sparsely indexed.
    /// </remarks>
    public OutboxStats OutboxStats() => Read(() =>
    {
        var audiences = PendingAudiences();
        var oldest = audiences.SelectMany(a => PendingIn(a.Audience, DateTimeOffset.MaxValue, int.MaxValue)).MinBy(m => m.CreatedAt);
        return new OutboxStats(audiences.Sum(a => a.Count), _outbox.Count(Failed), Gauge(SentGauge), oldest?.CreatedAt);
    });

    public IReadOnlyList<OutboxMessage> FailedMessages(int max) =>
        Read(() => _outbox.Find(Failed, limit: max).Select(FromDoc).ToList());

    /// <summary>Parked messages, through the index that holds only them (layout 9).</summary>
    private static BsonExpression Failed => BsonExpression.Create(FailedIndexed + " ANY = @0", nameof(OutboxStatus.Failed));

    private const string FailedIndex = "failed", FailedIndexed = "FILTER([$.status] => @ = 'Failed')";

    /// <summary>
    /// Only pending messages are in the lane index (layout 11): a sent or parked message's lane is null, and each send
    /// inserted that null into the index, an index walk under the write gate for an entry no query reads.
    /// </summary>
    private const string LaneIndex = "lane", LaneIndexed = "FILTER([$.lane] => @ != null)";

    public bool Retry(string messageId, DateTimeOffset now) => InTransaction(() =>
    {
        if (_outbox.FindById(messageId) is not { } doc) return false;
        var m = FromDoc(doc);
        if (m.Status != OutboxStatus.Failed) return false;
        UpdateOutbox(doc, m with { Status = OutboxStatus.Pending, DueAt = now, Attempts = 0 });
        return true;
    });

    private static BsonDocument ToDoc(OutboxMessage m) => new()
    {
        ["_id"] = m.Id,
        ["status"] = m.Status.ToString(),
        ["audience"] = m.Audience,
        ["dueAt"] = m.DueAt.UtcDateTime,
        ["lane"] = m.Status == OutboxStatus.Pending ? Lane(m.Audience, TakeAt(m)) : BsonValue.Null,
        ["json"] = StoreJson.Write(m),
    };

    /// <summary>The next moment a message may be taken: when due, or when its lease runs out.</summary>
    private static DateTimeOffset TakeAt(OutboxMessage m) => m.LeaseUntil is { } lease && lease > m.DueAt ? lease : m.DueAt;

    // Fixed-width ticks sort in time order under any collation.
    private static string Lane(string audience, DateTimeOffset takeAt) =>
        audience + "|" + Math.Max(0, takeAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The moment a lane key says its message may be taken, in ticks: what <see cref="Lane"/> wrote after the last '|'.</summary>
    private static long TakeAtIn(string lane) => long.Parse(lane.AsSpan(lane.LastIndexOf('|') + 1), CultureInfo.InvariantCulture);

    private static OutboxMessage FromDoc(BsonDocument d) => StoreJson.Read<OutboxMessage>(d["json"].AsString);
}
