using System.Globalization;
using System.Text;

namespace LeadBot.Cards.Text;

/// <summary>Channel-neutral text shaping: cleaning, truncation and the wording of numbers, dates and durations.</summary>
internal static class TextFormat
{
    public const string Ellipsis = "…";
    /// <summary>Invisible but breaks any markup or template token it is put in the middle of.</summary>
    public const char ZeroWidthSpace = '\u200B';

    /// <summary>Null for missing/blank; otherwise one line with control characters and runs of whitespace collapsed to single spaces.</summary>
    public static string? Line(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var sb = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c)) { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(c);
        }
        return sb.Length == 0 ? null : sb.ToString();
    }

    /// <summary>Like <see cref="Line"/> but keeps (at most two consecutive) line breaks, for free-text comments.</summary>
    public static string? Paragraphs(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var lines = value.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => Line(l) ?? "");
        var joined = string.Join('\n', lines).Trim('\n');
        while (joined.Contains("\n\n\n", StringComparison.Ordinal)) joined = joined.Replace("\n\n\n", "\n\n", StringComparison.Ordinal);
        return joined.Length == 0 ? null : joined;
    }

    /// <summary>
    /// Escapes <paramref name="raw"/> and cuts it so the escaped result is at most <paramref name="max"/> chars,
    /// ending in an ellipsis when cut. Cuts between text elements so no surrogate pair or combining mark is split.
    /// </summary>
    public static string Fit(string raw, int max, Func<string, string> escape)
    {
        var whole = escape(raw);
        if (whole.Length <= max) return whole;
        var sb = new StringBuilder();
        var e = StringInfo.GetTextElementEnumerator(raw);
        var prefix = new StringBuilder();
        while (e.MoveNext())
        {
            prefix.Append(e.GetTextElement());
            var escaped = escape(prefix.ToString());
            if (escaped.Length + Ellipsis.Length > max) break;
            sb.Clear().Append(escaped);
        }
        return sb.ToString().TrimEnd() + Ellipsis;
    }

    public static string Truncate(string raw, int max) => Fit(raw, max, s => s);

    /// <summary>"just now", "12 min", "2 h 5 min", "3 d 4 h": coarse on purpose, a card is read at a glance.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        if (span.TotalMinutes < 1) return span.TotalSeconds < 1 ? "just now" : $"{(int)span.TotalSeconds} s";
        if (span.TotalHours < 1) return $"{(int)span.TotalMinutes} min";
        if (span.TotalDays < 1) return span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min";
        return span.Hours == 0 ? $"{(int)span.TotalDays} d" : $"{(int)span.TotalDays} d {span.Hours} h";
    }

    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var d = Duration(now - at);
        return d == "just now" ? d : d + " ago";
    }

    public static string Utc(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(double? rate) =>
        rate is { } r && double.IsFinite(r) ? (r * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "–";

    public static string OptionalDuration(TimeSpan? span) => span is { } s ? Duration(s) : "–";
}
