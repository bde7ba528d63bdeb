using LeadBot.Cards;

namespace LeadBot.Tests.Cards.Slack;

/// <summary>Every Slack message and view stays inside Block Kit's limits, however long or many the inputs.</summary>
public class BlockKitLimitsTests
{
    public static TheoryData<string> Leads() => new("example", "hostile", "long", "minimal", "non-latin");

    static LeadView LeadFor(string kind) => kind switch
    {
        "hostile" => Examples.HostileLead,
        "long" => Examples.LongLead,
        "minimal" => Examples.MinimalLead,
        "non-latin" => Examples.NonLatinLead,
        _ => Examples.Lead,
    };

    [Theory, MemberData(nameof(Leads))]
    public void EveryLeadMessage_StaysWithinBlockKitLimits(string kind)
    {
        var person = kind == "long" ? Examples.Alice with { DisplayName = new string('A', 5000) } : kind == "hostile" ? Examples.HostilePerson : null;
        foreach (var (name, message) in Catalog.Slack(LeadFor(kind), person))
            Assert.True(SlackLimits.CheckMessage(message.Blocks, message.Text) is { Count: 0 }, $"{name} ({kind}): {string.Join("; ", SlackLimits.CheckMessage(message.Blocks, message.Text))}");
    }

    [Fact]
    public void GoldenMessages_StayWithinBlockKitLimits()
    {
        foreach (var (name, payload) in Catalog.SlackGolden())
        {
            var problems = payload["type"] is null
                ? SlackLimits.CheckMessage(payload["blocks"]!.AsArray(), payload["text"]!.GetValue<string>())
                : SlackLimits.CheckView(payload);
            Assert.True(problems.Count == 0, $"{name}: {string.Join("; ", problems)}");
        }
    }

    [Fact]
    public void InsightAndListMessages_WithHugeInputs_StayWithinLimits()
    {
        foreach (var (name, message) in new[]
        {
            ("pipeline", BlockKit.Pipeline(Huge.Pipeline())),
            ("feedback", BlockKit.Feedback(Huge.Feedback())),
            ("my-leads", BlockKit.MyLeads(Huge.MyLeads())),
            ("help", BlockKit.Help(Huge.Help())),
            ("error", BlockKit.Error(new string('E', 10_000), new string('m', 100_000))),
        })
        {
            var problems = SlackLimits.CheckMessage(message.Blocks, message.Text);
            Assert.True(problems.Count == 0, $"{name}: {string.Join("; ", problems)}");
        }
        var home = SlackLimits.CheckView(BlockKit.Home(Huge.MyLeads()));
        Assert.True(home.Count == 0, "home: " + string.Join("; ", home));
    }

    [Fact]
    public void EmptyInputs_StillProduceValidMessages()
    {
        foreach (var message in new[]
        {
            BlockKit.Pipeline(new PipelineView(PipelineView.AllTeams, "Today", new StageCounts(), Examples.Now)),
            BlockKit.Feedback(new FeedbackView("All sources", "Today", Examples.Now, [])),
            BlockKit.MyLeads(new MyLeadsView(Examples.Alice, [], Examples.Now)),
            BlockKit.Help(new HelpView([])),
            BlockKit.Error("", ""),
        })
            Assert.True(SlackLimits.CheckMessage(message.Blocks, message.Text) is { Count: 0 }, string.Join("; ", SlackLimits.CheckMessage(message.Blocks, message.Text)));
    }

    [Fact]
    public void RejectModal_StaysWithinModalLimits_AndRefusesOversizedMetadata()
    {
        Assert.Empty(SlackLimits.CheckView(BlockKit.RejectModal("LEAD-1")));
        Assert.Throws<ArgumentException>(() => BlockKit.RejectModal("LEAD-1", new string('x', 3001)));
    }

    [Fact]
    public void LimitChecker_CatchesAnOversizedSection_SoTheCheckIsReal()
    {
        var blocks = BlockKit.Help(Examples.Help()).Blocks;
        blocks[1]!["text"]!["text"] = new string('x', 3001);
        Assert.Contains(SlackLimits.CheckMessage(blocks), p => p.StartsWith("section text", StringComparison.Ordinal));
    }
}
