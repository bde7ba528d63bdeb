namespace LeadBot.Storage;

/// <summary>
/// Gauges as committed, kept in direct mode for those read or written since the store opened: a claim reads its rep's
/// open-leads gauge, and every group's commit reads each gauge it moves before it writes it, a LiteDB lookup apiece
/// (each walks the index and allocates its nodes: the collector's pauses are a seventh of an accept burst). What the
/// open transaction writes waits in <see cref="_gaugesWritten"/> until its commit; a rolled-back transaction publishes
/// nothing. The layout steps write gauges directly, so what was kept is dropped once they have run. Off in shared mode,
/// where another process may write the file.
/// </summary>
public sealed partial class LiteDbLeadStore
{
    private const int GaugesKeptAtMost = 10_000;

    private readonly Dictionary<string, int>? _gaugesKept;
    private readonly Dictionary<string, int> _gaugesWritten = new(StringComparer.Ordinal);

    /// <summary>A gauge's count as the file holds it in the open transaction: its own writes, then the kept, then the file.</summary>
    private int StoredGauge(string id)
    {
        if (_gaugesWritten.TryGetValue(id, out var written)) return written;
        if (_gaugesKept is not null && _gaugesKept.TryGetValue(id, out var kept)) return kept;
        var n = _gauges.FindById(id) is { } d ? d["n"].AsInt32 : 0;
        // Not written by this transaction, so what the file gave is the committed count.
        Keep(id, n);
        return n;
    }

    /// <summary>The open transaction wrote a gauge (outside one, at a layout step: what was kept may be stale).</summary>
    private void GaugeWritten(string id, int n)
    {
        if (InWriteScope) _gaugesWritten[id] = n;
        else _gaugesKept?.Clear();
    }

    private void PublishGauges()
    {
        foreach (var (id, n) in _gaugesWritten) Keep(id, n);
        _gaugesWritten.Clear();
    }

    private void Keep(string id, int n)
    {
        if (_gaugesKept is null) return;
        // Minute gauges come and go; a bound keeps a long-running bot from keeping every one it ever read.
        if (_gaugesKept.Count >= GaugesKeptAtMost && !_gaugesKept.ContainsKey(id)) _gaugesKept.Clear();
        _gaugesKept[id] = n;
    }
}
