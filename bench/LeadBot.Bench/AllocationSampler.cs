using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace LeadBot.Bench;

/// <summary>
/// What the process allocates, by type: the runtime reports a sample about every 100 KB allocated (GCAllocationTick),
/// naming the type that crossed the mark, so big allocators show in proportion. Finds who feeds the garbage collector,
/// which on two cores costs the store's single writer its pauses.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null || e.PayloadNames is null) return;
        var type = e.PayloadNames.IndexOf("TypeName");
        var amount = e.PayloadNames.IndexOf("AllocationAmount64");
        if (type < 0 || amount < 0) return;
        var bytes = Convert.ToInt64(e.Payload[amount], CultureInfo.InvariantCulture);
        _bytesByType.AddOrUpdate(e.Payload[type] as string ?? "?", bytes, (_, sum) => sum + bytes);
    }

    public void Reset() => _bytesByType.Clear();

    public void Print(int top = 15)
    {
        var total = Math.Max(1, _bytesByType.Values.Sum());
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(t => t.Value).Take(top))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      {100.0 * bytes / total,5:N1} %  {bytes / 1048576.0,8:N0} MB  {type}"));
    }
}
