namespace LeadBot.Storage.Postgres;

public sealed partial class PostgresLeadStore : IAtomicDocuments
{
    public bool TryAddAll(IReadOnlyList<NewDocument> documents, IReadOnlyList<OutboxMessage>? outbox = null)
    {
        try
        {
            return Write(c =>
            {
                foreach (var d in documents)
                {
                    // A concurrent insert of the same key makes this wait for its commit, then add nothing.
                    var added = c.Execute("INSERT INTO kv (bag, key, json) VALUES (@bag, @key, @json::json) ON CONFLICT (bag, key) DO NOTHING",
                        ("bag", d.Bag), ("key", d.Key), ("json", StoreJson.Write(d.Value, d.Value.GetType())));
                    if (added == 0) throw new KeyTaken();
                }
                if (outbox is { Count: > 0 }) c.ExecuteAll(EnqueueStatements(outbox));
                return true;
            });
        }
        catch (KeyTaken)
        {
            // Thrown inside the transaction so that the documents added before the taken key are rolled back with it.
            return false;
        }
    }

    private sealed class KeyTaken : Exception;
}
