using LiteDB;

namespace LeadBot.Storage;

public sealed partial class LiteDbLeadStore
{
    private static string KvId(string bag, string key) => bag + "\u001f" + key;

    public T? Get<T>(string bag, string key) where T : class =>
        Read(() => _kv.FindById(KvId(bag, key)) is { } d ? StoreJson.Read<T>(d["json"].AsString) : null);

    public void Put<T>(string bag, string key, T value) where T : class => InTransaction(() =>
    {
        _kv.Upsert(new BsonDocument { ["_id"] = KvId(bag, key), ["bag"] = bag, ["json"] = StoreJson.Write(value) });
        return true;
    });

    public bool Remove(string bag, string key) => InTransaction(() => _kv.Delete(KvId(bag, key)));

    public IReadOnlyList<T> List<T>(string bag) where T : class =>
        Read(() => _kv.Find(LiteFilter.Eq("bag", bag)).Select(d => StoreJson.Read<T>(d["json"].AsString)).ToList());

    // The index range narrows by LiteDB's collation; the ordinal check decides.
    public IReadOnlyList<T> List<T>(string bag, string keyPrefix) where T : class =>
        Read(() => _kv.Find(LiteFilter.StartsWith("_id", KvId(bag, keyPrefix)))
            .Where(d => d["_id"].AsString.StartsWith(KvId(bag, keyPrefix), StringComparison.Ordinal))
            .Select(d => StoreJson.Read<T>(d["json"].AsString)).ToList());

    public bool TryMarkOnce(string key, DateTimeOffset now, TimeSpan keepFor) => InTransaction(() =>
    {
        if (++_onceWrites % 1000 == 0) _once.DeleteMany(LiteFilter.Lt("expires", now.UtcDateTime));
        if (_once.FindById(key) is { } seen && seen["expires"].AsDateTime > now.UtcDateTime) return false;
        _once.Upsert(new BsonDocument { ["_id"] = key, ["expires"] = (now + keepFor).UtcDateTime });
        return true;
    });
}
