using System.Collections.Concurrent;
using LeadBot.Leads;

namespace LeadBot.Storage;

/// <summary>
/// A lead as its document is stored, with the gauges that document counts in (to move them when it changes) and the
/// outbox messages it lists (null: not known; LiteDbLeadStore.KnownMessages.cs).
/// </summary>
internal sealed record StoredLead(Lead Lead, string[] Gauges, string[]? OutboxIds);

/// <summary>
/// The leads the LiteDB store wrote or read last, as committed: two generations of <c>perGeneration</c> leads each, the
/// older dropped whole when the younger fills, so the newest leads stay and memory stays bounded without bookkeeping
/// per read. Only the store's writer (under its gate) adds; anyone may read.
/// </summary>
internal sealed class RecentLeads(int perGeneration)
{
    private volatile ConcurrentDictionary<string, StoredLead> _young = new(StringComparer.Ordinal);
    private volatile ConcurrentDictionary<string, StoredLead> _old = new(StringComparer.Ordinal);

    public StoredLead? Find(string id) =>
        _young.TryGetValue(id, out var lead) || _old.TryGetValue(id, out lead) ? lead : null;

    /// <summary>Under the store's gate only, with what is committed (or, for a read, what the file holds).</summary>
    public void Add(StoredLead lead)
    {
        var young = _young;
        young[lead.Lead.Id] = lead;
        if (young.Count < perGeneration) return;
        // The older generation goes before the younger replaces it: a reader between the two finds the young one in either.
        _old = young;
        _young = new(StringComparer.Ordinal);
    }

    public void Clear()
    {
        _young = new(StringComparer.Ordinal);
        _old = new(StringComparer.Ordinal);
    }
}
