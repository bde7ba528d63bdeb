namespace LeadBot.Access;

/// <summary>Caller-chosen text (paths, ids, names, tenant ids) cut short before it is logged, so nobody fills the log.</summary>
public static class Logged
{
    public const int MaxLength = 120;

    public static string? Truncate(string? value) =>
        value is null || value.Length <= MaxLength ? value : string.Concat(value.AsSpan(0, MaxLength), "…(", value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), " chars)");
}
