using LeadBot.Channels;
using Microsoft.Extensions.Time.Testing;

namespace LeadBot.Tests.Channels;

public sealed class UnreachableNoticesTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void SaysOnceAnHourPerPersonAndReason()
    {
        var notices = new UnreachableNotices(_clock);

        Assert.True(notices.ShouldSay("teams:no-identity:anna@contoso.com"));
        Assert.False(notices.ShouldSay("teams:no-identity:ANNA@contoso.com"));
        Assert.True(notices.ShouldSay("teams:no-identity:luca@contoso.com"));
        Assert.True(notices.ShouldSay("slack:no-account:anna@contoso.com"));

        _clock.Advance(UnreachableNotices.Every - TimeSpan.FromSeconds(1));
        Assert.False(notices.ShouldSay("teams:no-identity:anna@contoso.com"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(notices.ShouldSay("teams:no-identity:anna@contoso.com"));
        Assert.False(notices.ShouldSay("teams:no-identity:anna@contoso.com"));
    }

    [Fact]
    public void OfManyDeliveriesAtOnce_OneSaysIt()
    {
        var notices = new UnreachableNotices(_clock);

        var said = 0;
        Parallel.For(0, 64, _ => { if (notices.ShouldSay("teams:no-identity:anna@contoso.com")) Interlocked.Increment(ref said); });

        Assert.Equal(1, said);
    }
}
