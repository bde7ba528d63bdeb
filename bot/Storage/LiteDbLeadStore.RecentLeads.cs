using LeadBot.Leads;
using LiteDB;

namespace LeadBot.Storage;

/// <summary>
/// Leads just written or read, kept as committed, so that reading a lead that was just announced or claimed costs no
/// turn of the write gate. An accept read its lead three times under the gate (the card's Find, the claim's Find and
/// its version check), and the dispatcher read it again for each message it sent about it: a fifth of the gate's time
/// in an accept burst. Every write of a lead document passes through <see cref="Wrote"/>, and what a transaction wrote
/// is published only once it commits, before any caller of the group is answered; a rolled-back transaction publishes
/// nothing. Off in shared mode, where another process may write the file.
/// </summary>
public sealed partial class LiteDbLeadStore
{
    private const int RecentLeadsPerGeneration = 1024;

    private readonly RecentLeads? _recent;

    /// <summary>The open transaction's lead writes, published to <see cref="_recent"/> at its commit.</summary>
    private readonly Dictionary<string, StoredLead> _written = new(StringComparer.Ordinal);

    /// <summary>Records a lead document the open transaction wrote (or, outside one, forgets what was kept).</summary>
    private void Wrote(Lead lead, BsonDocument doc)
    {
        if (_recent is null) return;
        if (InWriteScope) _written[lead.Id] = new StoredLead(lead, [.. GaugesOf(doc)], OutboxIdsOf(doc));
        else _recent.Clear();
    }

    /// <summary>After a commit: what it wrote (leads and gauges) is what the file holds now.</summary>
    private void PublishWritten()
    {
        if (_recent is not null)
        {
            foreach (var lead in _written.Values) _recent.Add(lead);
        }
        _written.Clear();
        PublishGauges();
    }

    /// <summary>
    /// The lead as the open transaction sees it: its own writes first, then the committed leads kept, then the file. A
    /// lead read from the file is kept only when this transaction has not written it, so it is the committed one.
    /// </summary>
    private StoredLead? StoredLeadById(string id)
    {
        if (_written.TryGetValue(id, out var written)) return written;
        if (_recent?.Find(id) is { } kept) return kept;
        if (_leads.FindById(id) is not { } doc) return null;
        var stored = Committed(doc);
        _recent?.Add(stored);
        return stored;
    }

    /// <summary>A lead document read from the file, which this transaction has not written: the committed lead.</summary>
    private static StoredLead Committed(BsonDocument doc) => new(StoredJson(doc), [.. GaugesOf(doc)], OutboxIdsOf(doc));

    /// <summary>
    /// The leads a group's members said they read first, read in one query before any of them runs and kept as committed
    /// (nothing is written yet), so each member finds its lead kept. A claim read its lead alone: a query of its own,
    /// whose plan and pipeline cost about as much again as the index walk (<c>litedb-ops</c>: 46 µs a lookup by id,
    /// 24 µs an id of one IN query).
    /// </summary>
    private void ReadAhead(List<Pending> group)
    {
        if (_recent is null) return;
        var ids = group.Select(p => p.Reads).OfType<string>().Distinct(StringComparer.Ordinal).Where(id => _recent.Find(id) is null).ToList();
        if (ids.Count < 2) return;
        foreach (var doc in _leads.Find(LiteFilter.In("_id", ids.Select(id => new BsonValue(id)))))
        {
            _recent.Add(Committed(doc));
            LeadsReadAhead++;
        }
    }

    /// <summary>Leads <see cref="ReadAhead"/> has read since the store opened (for tests).</summary>
    internal long LeadsReadAhead { get; private set; }

    private static Lead StoredJson(BsonDocument doc) => StoreJson.Read<Lead>(doc["json"].AsString);
}
