namespace LeadBot.Tests;

public class SmokeTests
{
    [Fact]
    public void Verbs_AreStable() => Assert.Equal("accept", LeadBot.Cards.CardVerbs.Accept);
}
