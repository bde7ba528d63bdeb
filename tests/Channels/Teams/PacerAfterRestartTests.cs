using LeadBot.Channels.Teams.Connector;
using Microsoft.Extensions.Time.Testing;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>
/// A bot restarted after a crash cannot know what its previous process sent in the last seconds, and Teams still counts
/// those sends: a new pacer paces from its first send at the sustained rate instead of allowing the full burst.
/// </summary>
public sealed class PacerAfterRestartTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ANewPacer_SendsTheFirstAtOnce_ThenOneEvery500Milliseconds()
    {
        var clock = new FakeTimeProvider(Start);
        var pacer = new Pacer(clock);
        var turns = Enumerable.Range(0, 6).Select(_ => pacer.WaitTurnAsync("19:x@thread.tacv2", CancellationToken.None)).ToList();

        Assert.Equal(1, turns.Count(t => t.IsCompleted));
        for (var i = 1; i < turns.Count; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(499));
            Assert.False(turns[i].IsCompleted, $"send {i} came before its 500 ms");
            clock.Advance(TimeSpan.FromMilliseconds(1));
            await turns[i];
            Assert.Equal(i + 1, turns.Count(t => t.IsCompleted));
        }
    }

    [Fact]
    public void ThirtySecondsAfterStart_TheBurstIsAllowedAgain()
    {
        var clock = new FakeTimeProvider(Start);
        var pacer = new Pacer(clock);
        clock.Advance(TimeSpan.FromSeconds(30));

        var turns = Enumerable.Range(0, 8).Select(_ => pacer.WaitTurnAsync("19:x@thread.tacv2", CancellationToken.None)).ToList();

        Assert.Equal(7, turns.Count(t => t.IsCompleted)); // Teams' 7 per second
    }
}
