using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadBot.Cards;
using static LeadBot.Tests.Cards.Teams.TeamsCardKit;

namespace LeadBot.Tests.Cards.Teams;

/// <summary>Text from a lead or a user is data: in Teams it renders literally, mentions nobody and cannot become a template.</summary>
public partial class HostileTextTeamsTests
{
    public static TheoryData<string> Names() => new(Catalog.Teams(Examples.HostileLead, Examples.HostilePerson).Select(c => c.Name));

    static JsonObject Card(string name) => Catalog.Teams(Examples.HostileLead, Examples.HostilePerson).Single(c => c.Name == name).Card;

    [Theory, MemberData(nameof(Names))]
    public void HostileLead_MentionsOnlyRealManagers(string name)
    {
        var card = Card(name);
        var entities = (card["msteams"]!["entities"]?.AsArray() ?? []).Select(e => e!["text"]!.GetValue<string>()).ToHashSet();
        Assert.All(entities, e => Assert.Equal("<at>Maria Garcia</at>", e));
        foreach (var text in MarkdownTexts(card))
            foreach (Match m in AtTag().Matches(text))
                Assert.Contains(m.Value, entities);
        Assert.DoesNotContain("<at>Sales</at>", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Names))]
    public void HostileLead_LeavesNoMarkdownUnescaped(string name)
    {
        foreach (var text in MarkdownTexts(Card(name)))
            Assert.False(UnescapedMarkdown().IsMatch(text), $"unescaped markdown in: {text}");
    }

    [Theory, MemberData(nameof(Names))]
    public void HostileLead_CannotBecomeATemplateOrDateFunction(string name)
    {
        var strings = CardTestKit.Strings(Card(name)).Select(s => OwnDateFunction().Replace(s.Value, ""));
        foreach (var s in strings)
        {
            Assert.DoesNotContain("${", s, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", s, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HostileLead_RendersLiterally()
    {
        var text = AllVisible(AdaptiveCards.Announcement(Examples.Announcement(Examples.HostileLead, ChannelFields.All)));
        foreach (var literal in new[] { "<!channel> <@U123>", "<at>Sales</at>", "*bold*@x.example", "[click](javascript:alert(1))", "${secret}",
                     "{{DATE(2017-02-14T06:08:39Z, SHORT)}}", "_x_ ~y~ `z`", "&lt;at&gt;x&lt;/at&gt;", "- list", "1. numbered" })
            Assert.Contains(literal, text, StringComparison.Ordinal);
    }

    [Fact]
    public void HostileManagerName_IsStrippedInsideTheMentionTag()
    {
        var boss = new PersonView("</at><at>Everyone</at> *x*", TeamsAadObjectId: "87d349ed-44d7-43e1-9a83-5f2406dee5bd");
        var card = AdaptiveCards.Escalated(Examples.Escalated(managers: [boss]));
        var entity = Assert.Single(card["msteams"]!["entities"]!.AsArray())!;
        Assert.Equal("<at>/atatEveryone/at x</at>", entity["text"]!.GetValue<string>());
    }

    [GeneratedRegex("<at>.*?</at>")]
    private static partial Regex AtTag();

    // A markdown control character without a backslash in front (our own text never uses one).
    [GeneratedRegex(@"(?<!\\)[*_\[\]`~]")]
    private static partial Regex UnescapedMarkdown();

    [GeneratedRegex(@"\{\{(DATE\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, SHORT\)|TIME\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\))\}\}")]
    private static partial Regex OwnDateFunction();
}
