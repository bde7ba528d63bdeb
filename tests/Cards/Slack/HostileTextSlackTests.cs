using LeadBot.Cards;
using static LeadBot.Tests.Cards.Slack.SlackKit;

namespace LeadBot.Tests.Cards.Slack;

/// <summary>Text from a lead or a user is data: in Slack it renders literally and pings nobody.</summary>
public class HostileTextSlackTests
{
    public static TheoryData<string> Names() => new(Catalog.Slack(Examples.HostileLead, Examples.HostilePerson).Select(c => c.Name));

    static SlackMessage Message(string name) => Catalog.Slack(Examples.HostileLead, Examples.HostilePerson).Single(c => c.Name == name).Message;

    [Theory, MemberData(nameof(Names))]
    public void HostileLead_PingsNobody(string name)
    {
        var message = Message(name);
        var mrkdwn = TextObjects(message.Blocks, "mrkdwn").Select(t => t["text"]!.GetValue<string>()).Append(message.Text);
        foreach (var token in mrkdwn.SelectMany(Tokens))
        {
            Assert.True(IsOwnToken(token), $"{name}: Slack would interpret {token}");
            Assert.DoesNotContain("U123", token, StringComparison.Ordinal);
        }
        foreach (var plain in TextObjects(message.Blocks, "plain_text").Select(t => t["text"]!.GetValue<string>()))
        {
            Assert.DoesNotContain("<!", plain, StringComparison.Ordinal);
            Assert.DoesNotContain("<@", plain, StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(Names))]
    public void HostileLead_MrkdwnFormattingCharactersCannotPair(string name)
    {
        foreach (var text in TextObjects(Message(name).Blocks, "mrkdwn").Select(t => t["text"]!.GetValue<string>()))
        {
            Assert.DoesNotContain("*bold*", text, StringComparison.Ordinal);
            Assert.DoesNotContain("_x_", text, StringComparison.Ordinal);
            Assert.DoesNotContain("`z`", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HostileLead_RendersLiterally()
    {
        var text = AllVisible(BlockKit.Announcement(Examples.Announcement(Examples.HostileLead, ChannelFields.All)).ToPayload());
        foreach (var literal in new[] { "<!channel> <@U123>", "<at>Sales</at>", "*bold*@x.example", "[click](javascript:alert(1))", "${secret}",
                     "{{DATE(2017-02-14T06:08:39Z, SHORT)}}", "_x_ ~y~ `z`", "&lt;at&gt;x&lt;/at&gt;" })
            Assert.Contains(literal, text);
    }

    [Fact]
    public void HostileRejectionComment_RendersLiterally()
    {
        var sample = Sample("inbound/interactivity/view_submission_reject_lead.json");
        var feedback = sample["view"]!["state"]!["values"]![SlackIds.CommentBlock]![SlackIds.CommentAction]!["value"]!.GetValue<string>();
        var message = BlockKit.Rejected(Examples.Rejected(comment: feedback));
        Assert.Contains(feedback, AllVisible(message.Blocks));
        Assert.All(TextObjects(message.Blocks, "mrkdwn").SelectMany(t => Tokens(t["text"]!.GetValue<string>())), t => Assert.True(IsOwnToken(t), t));
    }
}
