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
    private void EnqueueInTransaction(IReadOnlyList<OutboxMessage> messages, bool forNewLead = false)
    {
        if (forNewLead && messages.Select(m => m.Id).Distinct(StringComparer.Ordinal).Count() == messages.Count)
        {
            _outbox.InsertBulk(messages.Select(ToDoc));
            return;
        }
        foreach (var m in messages)
        {
            var existing = _outbox.FindById(m.Id);
            if (existing is null) _outbox.Insert(ToDoc(m));
            // A newer card update replaces the pending one and drops any lease, so a send already in flight cannot
            // mark it done: the latest state is rendered again.
            else if (m.Coalesces)
            {
                _outbox.Update(ToDoc(m with { Status = OutboxStatus.Pending, LeaseOwner = null, LeaseUntil = null }));
                if (existing["status"].AsString == nameof(OutboxStatus.Sent)) WriteGauges([(SentGauge, -1)]);
            }
        }
    }

    /// <summary>
    /// Sent messages only accumulate (two or three per lead), and /healthz reports how many: a gauge moved by the
    /// writes that enter or leave Sent, where counting the index would read every one of them on each probe.
    /// </summary>
    private const string SentGauge = "outbox|sent";

    private void CountSentOnce() =>
        _gauges.Upsert(new BsonDocument { ["_id"] = SentGauge, ["n"] = _outbox.Count(LiteFilter.Eq("status", nameof(OutboxStatus.Sent))) });

    public IReadOnlyList<OutboxMessage> TakeDue(DateTimeOffset now, int max, string worker, TimeSpan lease, IReadOnlyCollection<string>? skipAudiences = null) => InTransaction(() =>
    {
        // "takeAt" orders pending messages by the moment they may next be taken, so the oldest due come first from the
        // index and the scan stops after max of them, however many thousands wait behind (sent and failed ones have none).
        var due = _outbox.Find(BsonExpression.Create("$.takeAt BETWEEN @0 AND @1", DateTime.MinValue, now.UtcDateTime))
            .Select(FromDoc)
            .Where(m => m.Status == OutboxStatus.Pending && (m.LeaseUntil is null || m.LeaseUntil <= now))
            .Where(m => skipAudiences is null || !skipAudiences.Contains(m.Audience))
            .Take(max)
            .OrderBy(m => m.DueAt)
            .Select(m => m with { LeaseOwner = worker, LeaseUntil = now + lease })
            .ToList();
        foreach (var m in due) _outbox.Update(ToDoc(m));
        return due;
    });

    public void Complete(string messageId, string worker, DateTimeOffset at) => InTransaction(() =>
    {
        if (_outbox.FindById(messageId) is not { } doc) return false;
        var m = FromDoc(doc);
        if (m.LeaseOwner != worker) return false; // replaced by a newer update while in flight
        _outbox.Update(ToDoc(m with { Status = OutboxStatus.Sent, SentAt = at, Attempts = m.Attempts + 1, LeaseOwner = null, LeaseUntil = null }));
        WriteGauges([(SentGauge, +1)]);
        return true;
    });

    public void Reschedule(string messageId, string worker, DateTimeOffset dueAt, string error, bool parkAsFailed) => InTransaction(() =>
    {
        if (_outbox.FindById(messageId) is not { } doc) return false;
        var m = FromDoc(doc);
        if (m.LeaseOwner != worker) return false;
        _outbox.Update(ToDoc(m with
        {
            Status = parkAsFailed ? OutboxStatus.Failed : OutboxStatus.Pending,
            DueAt = dueAt,
            Attempts = m.Attempts + 1,
            LastError = error,
            LeaseOwner = null,
            LeaseUntil = null,
        }));
        return true;
    });

    public bool Release(string messageId, string worker, DateTimeOffset dueAt, string? note) => InTransaction(() =>
    {
        if (_outbox.FindById(messageId) is not { } doc) return false;
        var m = FromDoc(doc);
        if (m.LeaseOwner != worker) return false;
        _outbox.Update(ToDoc(m with { DueAt = dueAt, LastError = note, LeaseOwner = null, LeaseUntil = null }));
        return true;
    });

    public OutboxStats OutboxStats() => Read(() =>
    {
        var pending = _outbox.Count(LiteFilter.Eq("status", nameof(OutboxStatus.Pending)));
        var failed = _outbox.Count(LiteFilter.Eq("status", nameof(OutboxStatus.Failed)));
        var sent = Gauge(SentGauge);
        var oldest = _outbox.Find(LiteFilter.Eq("status", nameof(OutboxStatus.Pending))).Select(FromDoc).MinBy(m => m.CreatedAt);
        return new OutboxStats(pending, failed, sent, oldest?.CreatedAt);
    });

    public IReadOnlyList<OutboxMessage> FailedMessages(int max) =>
        Read(() => _outbox.Find(LiteFilter.Eq("status", nameof(OutboxStatus.Failed)), limit: max).Select(FromDoc).ToList());

    public bool Retry(string messageId, DateTimeOffset now) => InTransaction(() =>
    {
        if (_outbox.FindById(messageId) is not { } doc) return false;
        var m = FromDoc(doc);
        if (m.Status != OutboxStatus.Failed) return false;
        _outbox.Update(ToDoc(m with { Status = OutboxStatus.Pending, DueAt = now, Attempts = 0 }));
        return true;
    });

    private static BsonDocument ToDoc(OutboxMessage m) => new()
    {
        ["_id"] = m.Id,
        ["status"] = m.Status.ToString(),
        ["dueAt"] = m.DueAt.UtcDateTime,
        ["takeAt"] = TakeAt(m),
        ["json"] = StoreJson.Write(m),
    };

    private static BsonValue TakeAt(OutboxMessage m) => m.Status != OutboxStatus.Pending
        ? BsonValue.Null
        : (m.LeaseUntil is { } lease && lease > m.DueAt ? lease : m.DueAt).UtcDateTime;

    private static OutboxMessage FromDoc(BsonDocument d) => StoreJson.Read<OutboxMessage>(d["json"].AsString);
}
