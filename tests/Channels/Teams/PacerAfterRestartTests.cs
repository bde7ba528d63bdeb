using LeadBot.Channels.Teams.Connector;
using LeadBot.Handoff.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>
/// A bot restarted after a crash cannot know what its previous process sent in the last seconds, and Teams still counts
/// those sends: once the dispatcher has taken back a dead process's messages, the pacer paces from its first send at the
/// sustained rate instead of allowing the full burst. Without a recovery it allows the burst from the start.
/// </summary>
public sealed class PacerAfterRestartTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AfterATakeBack_TheFirstSendGoesAtOnce_ThenOneEvery500Milliseconds()
    {
        var clock = new FakeTimeProvider(Start);
        var recovery = new DeliveryRecovery();
        recovery.TookBack(Start);
        var pacer = new Pacer(clock, recovery);
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
    public void ThirtySecondsAfterATakeBack_OrWithoutOne_TheBurstIsAllowed()
    {
        var clock = new FakeTimeProvider(Start);
        var recovery = new DeliveryRecovery();
        recovery.TookBack(Start);
        var recovered = new Pacer(clock, recovery);
        var fresh = new Pacer(clock, new DeliveryRecovery());

        Assert.Equal(7, Enumerable.Range(0, 8).Count(_ => fresh.WaitTurnAsync("19:x@thread.tacv2", CancellationToken.None).IsCompleted)); // Teams' 7 per second
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(7, Enumerable.Range(0, 8).Count(_ => recovered.WaitTurnAsync("19:y@thread.tacv2", CancellationToken.None).IsCompleted));
    }
}
