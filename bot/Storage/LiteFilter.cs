using System.Globalization;
using LiteDB;

namespace LeadBot.Storage;

/// <summary>
/// LiteDB's <c>Query.EQ</c> and friends write the value into the expression text, so every lookup parses and compiles a
/// new expression (a dynamic method each time: most of the cost of an intake batch when profiled). These keep the text
/// constant and pass values as parameters, so LiteDB compiles each shape once and still picks the index.
/// </summary>
internal static class LiteFilter
{
    public static BsonExpression Eq(string field, BsonValue value) => BsonExpression.Create($"$.{field} = @0", value);

    public static BsonExpression In(string field, IEnumerable<BsonValue> values) => BsonExpression.Create($"$.{field} IN @0", new BsonArray(values));

    public static BsonExpression Lt(string field, BsonValue value) => BsonExpression.Create($"$.{field} < @0", value);

    public static BsonExpression Lte(string field, BsonValue value) => BsonExpression.Create($"$.{field} <= @0", value);

    public static BsonExpression Between(string field, BsonValue from, BsonValue to) => BsonExpression.Create($"$.{field} BETWEEN @0 AND @1", from, to);

    /// <summary>
    /// Keys from <paramref name="prefix"/> up to the last key that starts with it, as one index range, not a LIKE. BETWEEN,
    /// because LiteDB runs "&gt;= a AND &lt; b" as a scan from a to the end of the index with b as a filter: a history
    /// read that way at 1M leads read every later step (16 s), against a millisecond.
    /// </summary>
    public static BsonExpression StartsWith(string field, string prefix) =>
        BsonExpression.Create($"$.{field} BETWEEN @0 AND @1", prefix, prefix + char.MaxValue);

    /// <summary>
    /// Keys from <paramref name="from"/> to <paramref name="to"/> of a sparse index: one built on <paramref name="indexed"/>,
    /// an expression that yields no key for the documents it leaves out (<c>FILTER([$.x] =&gt; @ != null)</c>). LiteDB uses
    /// such an index only for the same expression with ANY.
    /// </summary>
    public static BsonExpression BetweenAny(string indexed, BsonValue from, BsonValue to) => BsonExpression.Create($"{indexed} ANY BETWEEN @0 AND @1", from, to);

    /// <summary><see cref="StartsWith"/> over a sparse index (<see cref="BetweenAny"/>).</summary>
    public static BsonExpression StartsWithAny(string indexed, string prefix) => BetweenAny(indexed, prefix, prefix + char.MaxValue);

    /// <summary>
    /// All of <paramref name="terms"/> (at least one), each an expression with its values as {0}, {1}…, e.g.
    /// ("$.team = {0}", ["EMEA"]) or ("$.receivedAt BETWEEN {0} AND {1}", [from, to]).
    /// </summary>
    public static BsonExpression All(IReadOnlyList<(string Expression, BsonValue[] Values)> terms)
    {
        var values = new List<BsonValue>();
        var text = string.Join(" AND ", terms.Select(t =>
        {
            var names = t.Values.Select((_, i) => (object)$"@{values.Count + i}").ToArray();
            values.AddRange(t.Values);
            return string.Format(CultureInfo.InvariantCulture, t.Expression, names);
        }));
        return BsonExpression.Create(text, values.ToArray());
    }
}
