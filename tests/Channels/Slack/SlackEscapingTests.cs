using LeadBot.Cards;
using LeadBot.Tests.Support;
using static LeadBot.Tests.Channels.Slack.SlackHandoffTests;

namespace LeadBot.Tests.Channels.Slack;

/// <summary>Lead data is data: a lead called "&lt;!channel&gt;" must not ping a whole sales channel, anywhere the bot writes it.</summary>
public sealed class SlackEscapingTests
{
    private static readonly string[] Pings = ["<!channel>", "<!here>", "<@U123>", "<!everyone>"];

    [Fact]
    public async Task LeadNamedLikeAMention_PingsNobody_InAnyMessageTheBotSends()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        var lead = SampleLeads.Emea("ping-1");
        lead["firstName"] = "<!channel>";
        lead["lastName"] = "<@U123>";
        lead["title"] = "*bold* <!everyone>";
        ((Dictionary<string, object?>)lead["company"]!)["name"] = "<!here> & Partners";
        var leadId = await s.IntakeAsync(lead);

        await s.DeliverDueAsync();
        await s.InteractionAsync(s.ButtonClick(SlackScenario.Anna, SlackIds.ActionAccept, leadId, SlackScenario.Channel, await AnnouncedTsAsync(s)));
        await s.IdleAsync();
        await s.DeliverDueAsync();

        var sent = s.Slack.Calls().Where(c => c.Method is "chat.postMessage" or "chat.update" or "chat.postEphemeral").ToList();
        Assert.Equal(["chat.postEphemeral", "chat.postMessage", "chat.update"], sent.Select(c => c.Method).Distinct().Order());
        Assert.Equal(2, sent.Count(c => c.Method == "chat.postMessage")); // the announcement and the claimer's DM
        foreach (var call in sent)
        {
            var text = Texts(call.Body);
            foreach (var ping in Pings) Assert.DoesNotContain(ping, text, StringComparison.Ordinal);
        }
        var announcement = Texts(sent[0].Body);
        Assert.Contains("&lt;!channel&gt;", announcement, StringComparison.Ordinal); // still shown, as text
        Assert.Contains("&lt;!here&gt; &amp; Partners", announcement, StringComparison.Ordinal);
        var toClaimer = sent.Single(c => c.Method == "chat.postEphemeral");
        Assert.Contains("&lt;!channel&gt;", (string?)toClaimer.Body["text"], StringComparison.Ordinal); // "You accepted <!channel> …"
    }
}
