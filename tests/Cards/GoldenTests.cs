namespace LeadBot.Tests.Cards;

/// <summary>Each card's JSON for the fixed example is kept in golden/, so any change to a card shows up in review.</summary>
public class GoldenTests
{
    public static TheoryData<string> TeamsNames() => new(Catalog.TeamsGolden().Select(c => c.Name));
    public static TheoryData<string> SlackNames() => new(Catalog.SlackGolden().Select(c => c.Name));

    [Theory, MemberData(nameof(TeamsNames))]
    public void TeamsCard_MatchesGoldenFile(string name) =>
        CardTestKit.AssertGolden("teams-" + name, Catalog.TeamsGolden().Single(c => c.Name == name).Card);

    [Theory, MemberData(nameof(SlackNames))]
    public void SlackMessage_MatchesGoldenFile(string name) =>
        CardTestKit.AssertGolden("slack-" + name, Catalog.SlackGolden().Single(c => c.Name == name).Payload);
}
