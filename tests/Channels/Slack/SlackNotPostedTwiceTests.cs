using LeadBot.Channels.Slack;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Slack;

/// <summary>
/// "Not posted twice" against the real Slack delivery and the fake Web API (the dispatcher's own tests use a test
/// channel): a process takes the announcement, posts it, and dies before completing it; once its lease runs out the
/// next attempt finds the post recorded and skips it.
/// </summary>
public sealed class SlackNotPostedTwiceTests
{
    [Fact]
    public async Task KilledAfterThePost_BeforeCompleting_TheRetryFindsThePostAndSendsNothing()
    {
        await using var slack = await SlackScenario.StartAsync();
        await slack.SubscribeAsync();
        await slack.DeliverDueAsync();
        var leadId = await slack.IntakeAsync(SampleLeads.Emea("twice-1"));
        var delivery = slack.App.Get<SlackDelivery>();
        var lease = TimeSpan.FromMinutes(1);

        // The process that dies: takes the announcement, posts it, never completes it.
        var taken = Assert.Single(slack.Store.TakeDue(slack.App.Clock.GetUtcNow(), 10, "dead-process", lease));
        Assert.Equal(leadId, taken.LeadId);
        var first = await delivery.DeliverAsync(taken, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((1, 0), (first.Sent, first.AlreadySent));
        Assert.Equal(1, Announcements(slack, leadId));

        Assert.Empty(slack.Store.TakeDue(slack.App.Clock.GetUtcNow(), 10, "next-process", lease));
        slack.App.Clock.Advance(lease + TimeSpan.FromSeconds(1));
        var again = Assert.Single(slack.Store.TakeDue(slack.App.Clock.GetUtcNow(), 10, "next-process", lease));
        Assert.Equal(taken.Id, again.Id);
        var retry = await delivery.DeliverAsync(again, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        slack.Store.Complete(again.Id, "next-process", slack.App.Clock.GetUtcNow());

        Assert.Equal((0, 1), (retry.Sent, retry.AlreadySent));
        Assert.Equal(1, Announcements(slack, leadId));
    }

    private static int Announcements(SlackScenario slack, string leadId) =>
        slack.Slack.Calls("chat.postMessage").Count(c => (string?)c.Body["channel"] == SlackScenario.Channel && c.Body.ToJsonString().Contains(leadId, StringComparison.Ordinal));
}
