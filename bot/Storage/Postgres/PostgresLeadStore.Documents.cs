namespace LeadBot.Storage.Postgres;

public sealed partial class PostgresLeadStore
{
    public T? Get<T>(string bag, string key) where T : class => Read(c =>
        c.Query("SELECT json FROM kv WHERE bag = @bag AND key = @key", ("bag", bag), ("key", key)).Select(StoreJson.Read<T>).FirstOrDefault());

    // A shared row (a team's round-robin cursor, rewritten for every lead the team gets) stays locked for the statement only.
    public void Put<T>(string bag, string key, T value) where T : class => Statement(c => c.Execute("""
        INSERT INTO kv (bag, key, json) VALUES (@bag, @key, @json::json)
        ON CONFLICT (bag, key) DO UPDATE SET json = excluded.json
        """, ("bag", bag), ("key", key), ("json", StoreJson.Write(value))));

    public bool Remove(string bag, string key) => Write(c =>
        c.Execute("DELETE FROM kv WHERE bag = @bag AND key = @key", ("bag", bag), ("key", key)) > 0);

    public IReadOnlyList<T> List<T>(string bag) where T : class => Read(c =>
        c.Query("SELECT json FROM kv WHERE bag = @bag ORDER BY key", ("bag", bag)).Select(StoreJson.Read<T>).ToList());

    public IReadOnlyList<T> List<T>(string bag, string keyPrefix) where T : class => Read(c =>
        c.Query(@"SELECT json FROM kv WHERE bag = @bag AND key LIKE @prefix ESCAPE '\' ORDER BY key",
            ("bag", bag), ("prefix", LikePrefix(keyPrefix))).Select(StoreJson.Read<T>).ToList());

    private static string LikePrefix(string prefix) =>
        prefix.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";

    public bool TryMarkOnce(string key, DateTimeOffset now, TimeSpan keepFor) => Write(c =>
    {
        var utcNow = now.ToUniversalTime();
        // Marks live for keepFor; sweeping expired ones now and then keeps the table small without a timer.
        if (Interlocked.Increment(ref _onceWrites) % 1000 == 0) c.Execute("DELETE FROM once WHERE expires < @now", ("now", utcNow));
        // Inserted, or an expired mark taken over: first time (again). A live mark (even one being written concurrently,
        // whose commit this waits for) leaves zero rows: a replay.
        return c.Execute("""
            INSERT INTO once (key, expires) VALUES (@key, @expires)
            ON CONFLICT (key) DO UPDATE SET expires = excluded.expires WHERE once.expires <= @now
            """, ("key", key), ("expires", (now + keepFor).ToUniversalTime()), ("now", utcNow)) == 1;
    });
}
