namespace LeadBot.Handoff.ServiceLevels;

/// <summary>
/// Adds business time to an instant: the clock runs only on working days, between Start and End in the team's time zone.
/// Whole days of a span are business days (same time of day on the next working day); the rest is working hours.
/// </summary>
public sealed record BusinessClock(IReadOnlySet<DayOfWeek> Days, TimeOnly Start, TimeOnly End, TimeZoneInfo Zone)
{
    public static readonly IReadOnlyList<DayOfWeek> Weekdays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private TimeSpan DayStart => Start.ToTimeSpan();
    private TimeSpan DayEnd => End == TimeOnly.MinValue ? TimeSpan.FromDays(1) : End.ToTimeSpan();

    /// <summary>The instant <paramref name="span"/> of business time after <paramref name="from"/>.</summary>
    public DateTimeOffset Add(DateTimeOffset from, TimeSpan span)
    {
        if (Days.Count == 0) throw new InvalidOperationException("A business clock needs at least one working day.");
        var t = Open(TimeZoneInfo.ConvertTime(from, Zone).DateTime);
        for (var d = 0; d < span.Days; d++) t = NextWorkingDay(t.Date) + t.TimeOfDay;
        var rest = span - TimeSpan.FromDays(span.Days);
        while (true)
        {
            var left = t.Date + DayEnd - t;
            if (rest <= left) return ToInstant(t + rest);
            rest -= left;
            t = NextWorkingDay(t.Date) + DayStart;
        }
    }

    /// <summary>True while the clock runs.</summary>
    public bool IsWorking(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone).DateTime;
        return Days.Contains(local.DayOfWeek) && local.TimeOfDay >= DayStart && local.TimeOfDay < DayEnd;
    }

    /// <summary>The same instant if within working hours, else the start of the next working period.</summary>
    private DateTime Open(DateTime local)
    {
        if (Days.Contains(local.DayOfWeek))
        {
            if (local.TimeOfDay < DayStart) return local.Date + DayStart;
            if (local.TimeOfDay < DayEnd) return local;
        }
        return NextWorkingDay(local.Date) + DayStart;
    }

    private DateTime NextWorkingDay(DateTime date)
    {
        do date = date.AddDays(1); while (!Days.Contains(date.DayOfWeek));
        return date;
    }

    private DateTimeOffset ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A deadline inside the spring-forward gap happens when the clocks have jumped.
        while (Zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
