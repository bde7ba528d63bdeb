using LeadBot.Cards;

namespace LeadBot.Tests.Cards.Teams;

public sealed class ChartImageTests
{
    // A 1×1 PNG: enough to prove the card carries an inline chart as it is.
    private const string Png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    private static IEnumerable<string?> ImageUrls(System.Text.Json.Nodes.JsonObject card) =>
        CardTestKit.Objects(card).Where(o => (string?)o["type"] == "Image").Select(o => (string?)o["url"]);

    [Fact]
    public void PipelineChart_AsAPngDataUri_IsInlinedAndTheCardStaysValid()
    {
        var card = AdaptiveCards.Pipeline(Examples.Pipeline() with { ChartImageUrl = Png, ChartAltText = "Leads by stage" });

        Assert.Contains(Png, ImageUrls(card));
        AdaptiveCardRules.AssertValid(card, "pipeline with inline chart");
    }

    [Theory]
    [InlineData("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")]
    [InlineData("data:image/png;base64,<script>")]
    [InlineData("javascript:alert(1)")]
    public void ChartUrl_ThatIsNoPngNorWebAddress_IsDropped(string url)
    {
        var card = AdaptiveCards.Pipeline(Examples.Pipeline() with { ChartImageUrl = url });

        Assert.DoesNotContain(url, ImageUrls(card));
    }
}
