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

    /// <summary>All of <paramref name="terms"/> (at least one), each "expression op" with its value, e.g. ("$.team =", "EMEA").</summary>
    public static BsonExpression All(IReadOnlyList<(string ExpressionAndOperator, BsonValue Value)> terms) =>
        BsonExpression.Create(string.Join(" AND ", terms.Select((t, i) => $"{t.ExpressionAndOperator} @{i}")), terms.Select(t => t.Value).ToArray());
}
