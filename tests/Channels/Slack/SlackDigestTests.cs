using LeadBot.Cards;
using LeadBot.Channels;
using LeadBot.Insights;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Slack;

/// <summary>
/// Scheduled digests through the real path: the schedule enqueues, the real dispatcher hands the message to the Slack
/// delivery, and the fake Web API receives the same Block Kit message the pipeline / feedback command answers with.
/// </summary>
public sealed class SlackDigestTests
{
    private const string Marta = "U07MARTA000", MartaDm = "D07MARTA000", MarketingChannel = "C07MARKETNG";

    private static async Task<SlackScenario> StartAsync()
    {
        var s = await SlackScenario.StartAsync(new()
        {
            ["Delivery:Enabled"] = "true",
            ["Sla:ScanInterval"] = "30.00:00:00",
            ["Insights:Digests:CheckEvery"] = "30.00:00:00", // the test runs the schedule itself, so the loop cannot race it
            ["Insights:Digests:ManagersCron"] = "0 8 * * 1-5",
            ["Insights:Digests:MarketingCron"] = "0 8 * * 1",
            ["Insights:MarketingTimeZone"] = "Europe/Berlin",
        });
        s.Slack.Users[Marta] = (SampleLeads.EmeaManager, "Marta Novak");
        (await s.CommandAsync(SlackScenario.Mia, MarketingChannel, "subscribe marketing")).EnsureSuccessStatusCode();
        await s.IdleAsync();
        await s.IntakeAsync(SampleLeads.Emea("digest-1"));
        return s;
    }

    [Fact]
    public async Task ManagersDigest_ArrivesAsADirectMessage_WithThePipelineBlocks_OncePerSlot()
    {
        await using var s = await StartAsync();
        // Tuesday 07:01 UTC is 08:01 in Berlin, EMEA's time zone: Monday's pipeline is due.
        s.App.Clock.Advance(LeadBotApp.Start.AddHours(22).AddMinutes(1) - s.App.Clock.GetUtcNow());
        var digests = s.App.Get<Digests>();
        var message = Assert.Single(digests.RunDue(), m => m.Audience == "managers:EMEA");

        var post = await s.Slack.FirstCallAsync("chat.postMessage", c => (string?)c.Body["channel"] == MartaDm).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Empty(digests.RunDue()); // the same slot again: nothing new

        var payload = DigestPayload.Read(message.Payload!);
        Assert.Equal(BlockKit.Pipeline(payload.Pipeline!).Blocks.ToJsonString(), post.Body["blocks"]!.ToJsonString());
        Assert.Equal("Daily pipeline for EMEA", (string?)post.Body["text"]);
        Assert.Equal(1, payload.Pipeline!.Stages.Offered);
        await RecordedAsync(s, message.Id);
        Assert.Single(s.Slack.Calls("chat.postMessage"), c => (string?)c.Body["channel"] == MartaDm);
    }

    [Fact]
    public async Task MarketingDigest_ArrivesInTheMarketingChannel_WithTheFeedbackBlocks()
    {
        await using var s = await StartAsync();
        // The next Monday 08:00 in Berlin (07:00 UTC).
        s.App.Clock.Advance(LeadBotApp.Start.AddDays(7).AddHours(-2) - s.App.Clock.GetUtcNow());
        var message = Assert.Single(s.App.Get<Digests>().RunDue(), m => m.Audience == "marketing");

        var post = await s.Slack.FirstCallAsync("chat.postMessage", c => (string?)c.Body["channel"] == MarketingChannel).WaitAsync(TimeSpan.FromSeconds(60));

        var payload = DigestPayload.Read(message.Payload!);
        Assert.Equal(BlockKit.Feedback(payload.Feedback!).Blocks.ToJsonString(), post.Body["blocks"]!.ToJsonString());
        Assert.Equal("Weekly feedback on marketing's leads", (string?)post.Body["text"]);
        Assert.DoesNotContain("without a lead", string.Join(";", s.Store.FailedMessages(10).Select(m => m.LastError)), StringComparison.Ordinal);
    }

    /// <summary>Waits (real time: the dispatcher runs on its own) until the digest's post is recorded, so a second post would show.</summary>
    private static async Task RecordedAsync(SlackScenario s, string messageId)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (s.App.Get<Deliveries>().ForLead(messageId, "slack").Count == 0 && watch.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
    }
}
