using LeadBot.Cards;

namespace LeadBot.Tests.Cards.Teams;

/// <summary>Every Teams card, for normal, hostile, long, minimal and non-Latin leads, passes the official 1.5 schema, version and size rules.</summary>
public class AdaptiveCardSchemaTests
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
    public void EveryLeadCard_ValidatesAgainstSchema_HasVersion_AndStaysUnder28KB(string kind)
    {
        var person = kind == "hostile" ? Examples.HostilePerson : kind == "long" ? Examples.Alice with { DisplayName = new string('A', 5000) } : null;
        foreach (var (name, card) in Catalog.Teams(LeadFor(kind), person)) AdaptiveCardRules.AssertValid(card, $"{name} ({kind})");
    }

    [Fact]
    public void GoldenCards_ValidateAgainstSchema()
    {
        foreach (var (name, card) in Catalog.TeamsGolden()) AdaptiveCardRules.AssertValid(card, name);
    }

    [Fact]
    public void InsightCards_WithHugeInputs_StayValidAndUnder28KB()
    {
        foreach (var (name, card) in new[]
        {
            ("pipeline", AdaptiveCards.Pipeline(Huge.Pipeline())),
            ("feedback", AdaptiveCards.Feedback(Huge.Feedback())),
            ("my-leads", AdaptiveCards.MyLeads(Huge.MyLeads())),
            ("help", AdaptiveCards.Help(Huge.Help())),
            ("error", AdaptiveCards.Error(new string('E', 10_000), new string('m', 100_000))),
        })
            AdaptiveCardRules.AssertValid(card, name);
    }

    [Fact]
    public void InsightCards_WithEmptyInputs_StayValid()
    {
        AdaptiveCardRules.AssertValid(AdaptiveCards.Pipeline(new PipelineView(PipelineView.AllTeams, "Today", new StageCounts(), Examples.Now)), "pipeline");
        AdaptiveCardRules.AssertValid(AdaptiveCards.Feedback(new FeedbackView("All sources", "Today", Examples.Now, [])), "feedback");
        AdaptiveCardRules.AssertValid(AdaptiveCards.MyLeads(new MyLeadsView(Examples.Alice, [], Examples.Now)), "my-leads");
        AdaptiveCardRules.AssertValid(AdaptiveCards.Help(new HelpView([])), "help");
        AdaptiveCardRules.AssertValid(AdaptiveCards.Error("", ""), "error");
    }

    [Fact]
    public void Schema_RejectsWhatTeamsWouldNot_SoTheValidationIsReal()
    {
        var card = AdaptiveCards.Announcement(Examples.Announcement());
        Assert.False(AdaptiveCardRules.Evaluate(card).IsValid); // still has msteams, unknown to the official schema
        card.Remove("msteams");
        Assert.True(AdaptiveCardRules.Evaluate(card).IsValid);
        card["body"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["type"] = "TextBlock", ["txt"] = "typo" });
        Assert.False(AdaptiveCardRules.Evaluate(card).IsValid);
    }

    [Fact]
    public void ChartImage_WithNonHttpUrl_IsLeftOut()
    {
        var card = AdaptiveCards.Pipeline(Examples.Pipeline() with { ChartImageUrl = "javascript:alert(1)" });
        Assert.DoesNotContain(CardTestKit.Objects(card), o => o["type"]?.GetValue<string>() == "Image");
    }
}
