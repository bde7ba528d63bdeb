using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Tests.Storage;

/// <summary>
/// Waiting counts at cut-offs inside a minute and on its edges, and after leads move (a re-offer to a later moment, a
/// claim): the LiteDB store answers from gauges per minute of offer plus the cut-off's own minute, PostgreSQL by counting.
/// </summary>
public abstract partial class AggregateContract
{
    [Fact]
    public void CountWaiting_AtCutOffsInsideAndOnTheEdgesOfMinutes_AndAfterLeadsMove()
    {
        double[] seconds = [30, 60, 119.999, 120, 150, 300];
        var leads = seconds.Select((s, i) => Make.Offered($"m{i}", T0.AddSeconds(s))).ToList();
        Store.Insert(leads);

        Assert.Equal(new WaitingCounts(6, 0), Store.CountWaiting("EMEA", T0));
        Assert.Equal(new WaitingCounts(6, 1), Store.CountWaiting("EMEA", T0.AddSeconds(60)));
        Assert.Equal(new WaitingCounts(6, 2), Store.CountWaiting("EMEA", T0.AddSeconds(61)));
        Assert.Equal(new WaitingCounts(6, 3), Store.CountWaiting("EMEA", T0.AddSeconds(120)));
        Assert.Equal(new WaitingCounts(6, 4), Store.CountWaiting("EMEA", T0.AddSeconds(121)));
        Assert.Equal(new WaitingCounts(6, 6), Store.CountWaiting(null, T0.AddMinutes(10)));

        // Re-offered to the next rep at minute 9: it is recent again.
        var first = leads[0].Lead;
        Assert.True(Store.TryUpdate(new LeadChange(first with { OfferedAt = T0.AddMinutes(9), OfferedTo = Make.Rep, Version = first.Version + 1 }, [])));
        // Claimed: it waits no more.
        Assert.True(Store.TryUpdate(Make.Step(leads[3].Lead, LeadState.Accepted, T0.AddMinutes(9))));

        Assert.Equal(new WaitingCounts(5, 2), Store.CountWaiting("EMEA", T0.AddSeconds(121)));
        Assert.Equal(new WaitingCounts(5, 4), Store.CountWaiting("EMEA", T0.AddMinutes(9)));
        Assert.Equal(new WaitingCounts(5, 5), Store.CountWaiting(null, T0.AddMinutes(9).AddMilliseconds(1)));
        Assert.Equal(5, Store.Waiting("EMEA", 10).Count);
    }
}
