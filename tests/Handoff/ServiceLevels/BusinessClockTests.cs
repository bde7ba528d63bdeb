using LeadBot.Handoff.ServiceLevels;

namespace LeadBot.Tests.Handoff.ServiceLevels;

public sealed class BusinessClockTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static BusinessClock Weekdays(TimeZoneInfo zone, int start = 9, int end = 17) =>
        new(BusinessClock.Weekdays.ToHashSet(), new TimeOnly(start, 0), new TimeOnly(end, 0), zone);

    private static DateTimeOffset Local(int month, int day, int hour, int minute = 0) =>
        new DateTimeOffset(2026, month, day, hour, minute, 0, Berlin.GetUtcOffset(new DateTime(2026, month, day, hour, minute, 0)));

    [Theory]
    [InlineData(12, 1, 10, 0, 5, 12, 1, 10, 5)]     // Tuesday morning: plain minutes
    [InlineData(12, 1, 16, 58, 5, 12, 2, 9, 3)]     // past closing: the rest next morning
    [InlineData(12, 4, 16, 58, 5, 12, 7, 9, 3)]     // Friday: the rest on Monday
    [InlineData(12, 5, 11, 0, 5, 12, 7, 9, 5)]      // Saturday: starts Monday
    [InlineData(12, 1, 7, 0, 5, 12, 1, 9, 5)]       // before opening
    public void Minutes_CountOnlyInWorkingHours(int m, int d, int h, int min, int add, int em, int ed, int eh, int emin) =>
        Assert.Equal(Local(em, ed, eh, emin), Weekdays(Berlin).Add(Local(m, d, h, min), TimeSpan.FromMinutes(add)));

    [Fact]
    public void ABusinessDay_IsTheSameTimeOnTheNextWorkingDay()
    {
        Assert.Equal(Local(12, 7, 15), Weekdays(Berlin).Add(Local(12, 4, 15), TimeSpan.FromDays(1)));
        Assert.Equal(Local(12, 8, 10), Weekdays(Berlin).Add(Local(12, 4, 15), TimeSpan.FromDays(1) + TimeSpan.FromHours(3)));
    }

    [Fact]
    public void TheClock_FollowsTheTeamsTimeZone_AcrossDaylightSaving()
    {
        // Friday 27 March 2026 16:00 CET; summer time starts on Sunday 29 March: Monday 09:00 is 07:00 UTC.
        var friday = new DateTimeOffset(2026, 3, 27, 15, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 7, 30, 0, TimeSpan.Zero), Weekdays(Berlin).Add(friday, TimeSpan.FromMinutes(90)));
    }

    [Fact]
    public void MidnightToMidnight_RunsAroundTheClock()
    {
        var always = new BusinessClock(Enum.GetValues<DayOfWeek>().ToHashSet(), TimeOnly.MinValue, TimeOnly.MinValue, TimeZoneInfo.Utc);
        var saturdayNight = new DateTimeOffset(2026, 12, 5, 23, 0, 0, TimeSpan.Zero);
        Assert.Equal(saturdayNight.AddHours(2), always.Add(saturdayNight, TimeSpan.FromHours(2)));
        Assert.True(always.IsWorking(saturdayNight));
        Assert.False(Weekdays(TimeZoneInfo.Utc).IsWorking(saturdayNight));
    }
}
