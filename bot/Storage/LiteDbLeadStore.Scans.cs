using LeadBot.Leads;
using LiteDB;

namespace LeadBot.Storage;

/// <summary>
/// Scans over every lead in a state, a page at a time. Leads are indexed by state and id in one key (layout 5), so a
/// page is one index range that starts where the last one stopped: the state index alone keeps equal keys in no
/// useful order, and the primary key alone would read leads of every state.
/// </summary>
public sealed partial class LiteDbLeadStore
{
    private const string StateIdIndex = "stateId";
    private static readonly BsonExpression StateAndId = BsonExpression.Create("$.state + '|' + $._id");

    public LeadPage ScanLeads(LeadState state, string? after, int max, Func<string, int, bool>? skip = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return Read(() => Page(state, after, max, skip));
    }

    private LeadPage Page(LeadState state, string? after, int max, Func<string, int, bool>? skip)
    {
        var stamps = _leads.Query()
            .Where(ScanFilter(state, after))
            .Select("{ id: $._id, v: $.version }")
            .Limit(max + 1)
            .ToEnumerable()
            .Select(d => (Id: d["id"].AsString, Version: d["v"].AsInt32))
            .Where(s => s.Id != after)
            .Take(max)
            .ToList();
        var wanted = stamps.Where(s => skip is null || !skip(s.Id, s.Version)).Select(s => new BsonValue(s.Id)).ToList();
        // A lead that changed state since its stamp was read belongs to another scan now.
        var found = wanted.Count == 0
            ? []
            : _leads.Find(LiteFilter.In("_id", wanted)).Select(d => StoreJson.Read<Lead>(d["json"].AsString))
                .Where(l => l.State == state).ToDictionary(l => l.Id);
        var leads = stamps.Where(s => found.ContainsKey(s.Id)).Select(s => found[s.Id]).ToList();
        return new LeadPage(leads, stamps.Count == max ? stamps[^1].Id : null);
    }

    /// <summary>
    /// One index range over the state's leads from <paramref name="after"/> on. BETWEEN is one range with both ends;
    /// "&gt; x AND &lt; y" would use one end and filter by the other, reading every lead of the later states once this
    /// state runs out. The start is inclusive, so the caller drops the last page's end.
    /// </summary>
    internal static BsonExpression ScanFilter(LeadState state, string? after)
    {
        var prefix = state.Name() + "|";
        return BsonExpression.Create($"{StateAndId.Source} BETWEEN @0 AND @1", prefix + after, prefix + char.MaxValue);
    }
}
