using System.Globalization;

namespace LeadBot.Insights;

/// <summary>
/// A reporting window [From, To) with the label people asked for ("this week", "2026-11-01..2026-11-30").
/// <see cref="Spec"/> keeps the words it was parsed from, so a report can place the same words in its team's time zone.
/// </summary>
public sealed record Period(DateTimeOffset From, DateTimeOffset To, string Label)
{
    public string? Spec { get; init; }

    public const string Help = "today, week (default), month, quarter, or YYYY-MM-DD..YYYY-MM-DD";

    /// <summary>
    /// The longest range a report covers. A report reads every lead and step in its window: a ten-year range asked by
    /// anyone with a report key or a chat would make the bot read its whole history for one answer.
    /// </summary>
    public const int MaxDays = 400;

    /// <summary>
    /// A chat command's words split into those before a trailing period and the period: <paramref name="fallback"/> when
    /// the last word is no period, null when it is a refused range ("2020-01-01..2026-12-31", too long), which is a
    /// period asked for, not part of a team's name.
    /// </summary>
    public static (string[] Words, Period? Period) Trailing(string[] words, DateTimeOffset now, string fallback)
    {
        if (words.Length > 0 && Parse(words[^1], now) is { } p) return (words[..^1], p);
        if (words.Length > 0 && words[^1].Contains("..", StringComparison.Ordinal)) return (words, null);
        return (words, Parse(fallback, now));
    }

    /// <summary>What to tell someone whose words <see cref="Parse"/> refused: a range too long or backwards, or no period at all.</summary>
    public static string Refusal(string? text)
    {
        var parts = (text ?? "").Trim().Split("..");
        if (parts.Length == 2 && Day(parts[0]) is { } from && Day(parts[1]) is { } to)
        {
            return to < from
                ? $"{text!.Trim()} ends before it starts: write the earlier day first."
                : $"A report covers at most {MaxDays} days, and {text!.Trim()} is {(to - from).Days + 1}: ask for a shorter range (or one quarter at a time).";
        }
        return $"\"{text}\" is not a period: use {Help}.";
    }

    private static DateTime? Day(string text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>Parses a period word relative to <paramref name="now"/> in <paramref name="zone"/>; null for text that is no period.</summary>
    public static Period? Parse(string? text, DateTimeOffset now, TimeZoneInfo? zone = null)
    {
        zone ??= TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = local.Date;
        DateTimeOffset At(DateTime day) => new(day, zone.GetUtcOffset(day));
        var word = (text ?? "week").Trim().ToLowerInvariant();
        return ParseWord(word, today, At) is { } period ? period with { Spec = word } : null;
    }

    /// <summary>The same words in another zone ("this week" in Berlin starts at Berlin's Monday midnight); unchanged when not parsed from words.</summary>
    public Period In(TimeZoneInfo zone, DateTimeOffset now) => Spec is not null && Parse(Spec, now, zone) is { } p ? p : this;

    /// <summary>The <paramref name="days"/> local days before the one holding <paramref name="now"/>: the finished window a digest reports on.</summary>
    public static Period Previous(int days, DateTimeOffset now, TimeZoneInfo zone, string label)
    {
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        DateTimeOffset At(DateTime day) => new(day, zone.GetUtcOffset(day));
        return new Period(At(today.AddDays(-days)), At(today), label);
    }

    private static Period? ParseWord(string word, DateTime today, Func<DateTime, DateTimeOffset> At)
    {
        switch (word)
        {
            case "" or "week" or "this-week":
                var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
                return new Period(At(monday), At(monday.AddDays(7)), "this week");
            case "today":
                return new Period(At(today), At(today.AddDays(1)), "today");
            case "month":
                var first = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
                return new Period(At(first), At(first.AddMonths(1)), first.ToString("MMMM yyyy", CultureInfo.InvariantCulture));
            case "quarter":
                var q = (today.Month - 1) / 3;
                var start = new DateTime(today.Year, q * 3 + 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
                return new Period(At(start), At(start.AddMonths(3)), $"Q{q + 1} {today.Year}");
        }
        var parts = word.Split("..");
        if (parts.Length == 2 && Day(parts[0]) is { } from && Day(parts[1]) is { } to && to >= from && (to - from).Days < MaxDays)
        {
            return new Period(At(from), At(to.AddDays(1)), $"{parts[0]}..{parts[1]}");
        }
        return null;
    }

    public bool Contains(DateTimeOffset at) => at >= From && at < To;
}
