namespace LeadBot.Storage;

/// <summary>
/// Small keyed documents grouped in bags: conversation references, subscriptions, rep availability, round-robin
/// cursors, posted cards; and the replay guard for inbound ids.
/// </summary>
public interface IDocumentBags
{
    T? Get<T>(string bag, string key) where T : class;
    void Put<T>(string bag, string key, T value) where T : class;
    bool Remove(string bag, string key);
    IReadOnlyList<T> List<T>(string bag) where T : class;
    /// <summary>The documents of a bag whose key starts with <paramref name="keyPrefix"/>, found by index, not by scan.</summary>
    IReadOnlyList<T> List<T>(string bag, string keyPrefix) where T : class;

    /// <summary>True the first time a key is seen (activity ids, Slack event ids); false for a replay.</summary>
    bool TryMarkOnce(string key, DateTimeOffset now, TimeSpan keepFor);
}
