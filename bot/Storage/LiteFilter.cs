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

    /// <summary>Keys from <paramref name="prefix"/> up to (not including) the first key past it, as an index range, not a LIKE.</summary>
    public static BsonExpression StartsWith(string field, string prefix) =>
        BsonExpression.Create($"$.{field} >= @0 AND $.{field} < @1", prefix, prefix + char.MaxValue);

    /// <summary>All of <paramref name="terms"/> (at least one), each "expression op" with its value, e.g. ("$.team =", "EMEA").</summary>
    public static BsonExpression All(IReadOnlyList<(string ExpressionAndOperator, BsonValue Value)> terms) =>
        BsonExpression.Create(string.Join(" AND ", terms.Select((t, i) => $"{t.ExpressionAndOperator} @{i}")), terms.Select(t => t.Value).ToArray());
}
