using System.Globalization;
using System.Text.RegularExpressions;

namespace LeadBot.Intake.Mappings;

/// <summary>The simple conversions a mapping may apply to a value on its way in; a table, so the names are listed once.</summary>
public static partial class Transforms
{
    private static readonly Dictionary<string, Func<string, string?>> Table = new(StringComparer.OrdinalIgnoreCase)
    {
        ["trim"] = v => v.Trim(),
        ["lowercase"] = v => v.Trim().ToLowerInvariant(),
        ["uppercase"] = v => v.Trim().ToUpperInvariant(),
        // The first number in the text, rounded: "86.0" → 86, and a range from a dropdown ("500-1000", "1000+") → its lower bound.
        ["number"] = v => FirstNumber().Match(v) is { Success: true } m && decimal.TryParse(m.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)
            ? Math.Round(d).ToString(CultureInfo.InvariantCulture) : null,
        // Milliseconds since 1970 (HubSpot's dates) → ISO 8601.
        ["epoch-ms"] = v => long.TryParse(v.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("o", CultureInfo.InvariantCulture) : null,
    };

    public static IEnumerable<string> Names => Table.Keys;

    public static bool Exists(string name) => Table.ContainsKey(name);

    /// <summary>The converted value, or null when the value cannot be converted (the caller names the field).</summary>
    public static string? Apply(string name, string value) => Table[name](value);

    [GeneratedRegex(@"-?\d+(\.\d+)?")]
    private static partial Regex FirstNumber();
}
