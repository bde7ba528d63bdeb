using LeadBot.Leads;

namespace LeadBot.Tests.Leads;

public sealed class LeadIdTests
{
    [Fact]
    public void New_ManyInOneMillisecond_AreAllDifferent()
    {
        var now = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

        var ids = Enumerable.Range(0, 5000).Select(_ => LeadId.New(now)).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^L[0-9A-HJKMNP-TV-Z]{12}$", id));
    }

    [Fact]
    public void New_LaterMillisecond_SortsAfter()
    {
        var now = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

        Assert.True(string.CompareOrdinal(LeadId.New(now), LeadId.New(now.AddMilliseconds(1))) < 0);
    }
}
