using LeadBot.Cards.Text;

namespace LeadBot.Tests.Cards.Text;

public class TextTests
{
    [Theory]
    [InlineData(0, "just now")]
    [InlineData(45, "45 s")]
    [InlineData(12 * 60, "12 min")]
    [InlineData(2 * 3600, "2 h")]
    [InlineData(2 * 3600 + 5 * 60, "2 h 5 min")]
    [InlineData(3 * 86400 + 4 * 3600, "3 d 4 h")]
    [InlineData(-60, "just now")]
    public void Duration_IsCoarseAndReadable(int seconds, string expected) =>
        Assert.Equal(expected, TextFormat.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Fit_CutsBetweenTextElementsAndEndsWithEllipsis()
    {
        var fitted = TextFormat.Truncate(string.Concat(Enumerable.Repeat("👩🏽‍💼", 50)), 20);
        Assert.True(fitted.Length <= 20);
        Assert.EndsWith("…", fitted);
        Assert.False(Teams.AnnouncementCardTests.HasLoneSurrogate(fitted));
        Assert.Equal("", fitted[..^1].Replace("👩🏽‍💼", "", StringComparison.Ordinal)); // only whole emoji before the ellipsis
    }

    [Fact]
    public void Fit_CountsTheEscapedLength()
    {
        var fitted = TextFormat.Fit(new string('<', 100), 20, Markup.Mrkdwn);
        Assert.True(fitted.Length <= 20);
        Assert.StartsWith("&lt;&lt;&lt;", fitted);
        Assert.DoesNotContain("&l…", fitted, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_CollapsesWhitespaceAndControlCharacters()
    {
        Assert.Equal("a b c", TextFormat.Line("  a\r\n\tb \u0007 c  "));
        Assert.Null(TextFormat.Line(" \n "));
        Assert.Null(TextFormat.Line(null));
    }

    [Theory]
    [InlineData("*bold*", "\\*bold\\*")]
    [InlineData("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))")]
    [InlineData("<at>Sales</at>", "<\u200Bat>Sales<\u200B/at>")]
    [InlineData("${secret}", "$\u200B{secret}")]
    [InlineData("{{DATE(x)}}", "{\u200B{DATE(x)}}")]
    [InlineData("&lt;at&gt;", "\\&lt;at\\&gt;")]
    [InlineData("- item", "\\- item")]
    [InlineData("1. item", "1\\. item")]
    [InlineData("+44 20 7946 0958", "+44 20 7946 0958")]
    [InlineData("a - b", "a - b")]
    [InlineData("a < b", "a < b")]
    public void Markup_Teams_EscapesMarkdownMentionsAndTemplates(string raw, string expected) =>
        Assert.Equal(expected, Markup.Teams(raw));

    [Theory]
    [InlineData("<!channel>", "&lt;!channel&gt;")]
    [InlineData("A & B", "A &amp; B")]
    [InlineData("*bold*", "\u200B*\u200Bbold\u200B*\u200B")]
    public void Markup_Mrkdwn_EscapesControlCharactersAndBreaksFormatting(string raw, string expected) =>
        Assert.Equal(expected, Markup.Mrkdwn(raw));
}
