using LiteDB;

namespace LeadBot.Storage;

public sealed partial class LiteDbLeadStore : IAtomicDocuments
{
    public bool TryAddAll(IReadOnlyList<NewDocument> documents, IReadOnlyList<OutboxMessage>? outbox = null) => InTransaction(() =>
    {
        // Every write runs under the one gate, so looking before adding cannot interleave with another writer.
        if (documents.Any(d => _kv.FindById(KvId(d.Bag, d.Key)) is not null)) return false;
        foreach (var d in documents)
            _kv.Insert(new BsonDocument { ["_id"] = KvId(d.Bag, d.Key), ["bag"] = d.Bag, ["json"] = StoreJson.Write(d.Value, d.Value.GetType()) });
        if (outbox is { Count: > 0 }) EnqueueInTransaction(outbox);
        return true;
    });
}
