using System.Globalization;

namespace LeadBot.Handoff;

public static class Durations
{
    /// <summary>"3 min", "2 h 5 min", "4 days": how people say how long something took.</summary>
    public static string Words(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        var c = CultureInfo.InvariantCulture;
        if (span.TotalMinutes < 1) return string.Create(c, $"{(int)span.TotalSeconds} s");
        if (span.TotalHours < 1) return string.Create(c, $"{(int)span.TotalMinutes} min");
        if (span.TotalDays < 2) return span.Minutes == 0 ? string.Create(c, $"{(int)span.TotalHours} h") : string.Create(c, $"{(int)span.TotalHours} h {span.Minutes} min");
        return string.Create(c, $"{(int)span.TotalDays} days");
    }
}
