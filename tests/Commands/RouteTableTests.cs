using LeadBot.Channels;
using LeadBot.Channels.Slack;
using LeadBot.Channels.Teams;
using LeadBot.Cards;
using LeadBot.Commands;

namespace LeadBot.Tests.Commands;

public sealed class RouteTableTests
{
    [Fact]
    public void ANameRoutedTwice_FailsWhenTheTableIsBuilt_NamingIt()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new RouteTable<int>("Teams card verbs", [("accept", 1), ("reject", 2), ("accept", 3)]));

        Assert.Contains("Teams card verbs: \"accept\" is routed twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_FindsTheHandler_AndNothingForAnUnknownName()
    {
        var table = new RouteTable<string>("chat commands", [("help", "h"), ("my leads", "m")], StringComparer.OrdinalIgnoreCase);

        Assert.Equal(("h", "m", null), (table.Find("HELP"), table.Find("my leads"), table.Find("nonsense")));
        Assert.Null(table.Find(null));
    }

    [Fact]
    public void TheBotsTables_RouteEveryCardVerbAndButtonOnce()
    {
        Assert.Equal([CardVerbs.Accept, CardVerbs.Outcome, CardVerbs.ApproveProposal, CardVerbs.DeclineProposal, CardVerbs.Refresh, CardVerbs.Reject],
            CardActions.Routed.Order(StringComparer.Ordinal));
        Assert.Equal([CardVerbs.Accept, CardVerbs.Outcome, CardVerbs.Reject], CardSteps.Routed.Order());
        Assert.Equal([SlackIds.ActionAccept, SlackIds.ActionOutcome, SlackIds.ActionReject, SlackIds.ActionApproveProposal, SlackIds.ActionDeclineProposal],
            SlackInteractions.Routed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Help_IsGeneratedFromTheCommandsTable()
    {
        var help = Assert.IsType<HelpView>(ChatCommands.Help().View);

        Assert.Equal(ChatCommands.Commands, help.Commands);
        Assert.Contains(help.Commands, c => c.Command == "pipeline [team] [period]");
        Assert.Contains(help.Commands, c => c.Command == "my leads");
        Assert.DoesNotContain(help.Commands, c => c.Command is "status" or "myleads"); // aliases answer, help does not list them
    }
}
