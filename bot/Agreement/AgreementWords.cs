using System.Globalization;

namespace LeadBot.Agreement;

/// <summary>How the agreement's texts write shares, spans and times (the cards' own formatting is internal to cards/).</summary>
public static class AgreementWords
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Percent(double? share) => share is { } s ? string.Create(C, $"{Math.Round(s * 100):0} %") : "–";

    /// <summary>"5 min", "4 h", "1 d", "1 d 4 h".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span.TotalMinutes < 1) return string.Create(C, $"{(int)span.TotalSeconds} s");
        if (span.TotalHours < 1) return string.Create(C, $"{(int)span.TotalMinutes} min");
        if (span.TotalDays < 1) return span.Minutes == 0 ? string.Create(C, $"{(int)span.TotalHours} h") : string.Create(C, $"{(int)span.TotalHours} h {span.Minutes} min");
        return span.Hours == 0 ? string.Create(C, $"{(int)span.TotalDays} d") : string.Create(C, $"{(int)span.TotalDays} d {span.Hours} h");
    }

    public static string Utc(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", C);
}
