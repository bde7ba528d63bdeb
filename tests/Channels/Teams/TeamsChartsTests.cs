using System.Text.Json.Nodes;
using LeadBot.Cards;
using LeadBot.Channels.Teams;
using LeadBot.Insights;
using LeadBot.Tests.Insights;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>Teams shows a report's chart inside the card; the reports themselves know no platform and give a signed URL.</summary>
public sealed class TeamsChartsTests
{
    [Fact]
    public async Task Reports_TheChartIsInlineInTheTeamsCard_WithoutAPublicAddress_AndTheCardFitsTeams()
    {
        using var app = InsightsScenario.App();
        await InsightsScenario.EmeaWeek(app);
        var week = Period.Parse("week", app.Clock.GetUtcNow())!;

        var report = app.Get<PipelineReport>().Build("EMEA", week);
        var teams = TeamsCharts.Inline(report);
        var feedback = TeamsCharts.Inline(app.Get<FeedbackReport>().Build(null, week));
        var card = TeamsMessages.Card(report).ToJsonString();

        Assert.Null(report.ChartImageUrl); // no public address: Slack, which fetches images by URL, gets no chart
        Assert.StartsWith("data:image/png;base64,", teams.ChartImageUrl, StringComparison.Ordinal);
        Assert.StartsWith("data:image/png;base64,", feedback.ChartImageUrl, StringComparison.Ordinal);
        var png = Convert.FromBase64String(teams.ChartImageUrl!["data:image/png;base64,".Length..]);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(AdaptiveCards.Pipeline(teams).ToJsonString()), 1, TeamsCharts.MaxInlineCardBytes);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(AdaptiveCards.Feedback(feedback).ToJsonString()), 1, TeamsCharts.MaxInlineCardBytes);
        Assert.Contains("data:image/png;base64,", card, StringComparison.Ordinal); // the Teams renderer chooses the inline chart itself
    }

    [Fact]
    public void AnInlineChart_ThatWouldOverfillTheCard_GivesWayToTheLink()
    {
        var view = new PipelineView("EMEA", "This week", new StageCounts(Qualified: 3), TimeProvider.System.GetUtcNow(), ChartImageUrl: "https://bot.example/charts/funnel.png");
        var png = new byte[11_000]; // ~14,700 characters of base64
        // Stand-ins for cards of two sizes around the chart: 5 KB leaves room for it, 12 KB does not.
        JsonObject Card(PipelineView v, int rest) => new() { ["rest"] = new string('x', rest), ["image"] = v.ChartImageUrl };

        var roomy = TeamsCharts.Inline(view, uri => view with { ChartImageUrl = uri }, v => Card(v, 5_000), png);
        var crowded = TeamsCharts.Inline(view, uri => view with { ChartImageUrl = uri }, v => Card(v, 12_000), png);
        var huge = TeamsCharts.Inline(view, uri => view with { ChartImageUrl = uri }, v => Card(v, 100), new byte[20_000]);

        Assert.StartsWith("data:image/png;base64,", roomy.ChartImageUrl, StringComparison.Ordinal);
        Assert.Equal("https://bot.example/charts/funnel.png", crowded.ChartImageUrl);
        Assert.Equal("https://bot.example/charts/funnel.png", huge.ChartImageUrl); // over the data URI limit on its own
    }

    [Fact]
    public void DataUri_IsOnlyGivenWhenItFitsInACard()
    {
        Assert.StartsWith("data:image/png;base64,", TeamsCharts.DataUri(new byte[1000]), StringComparison.Ordinal);
        Assert.Null(TeamsCharts.DataUri(new byte[20_000]));
    }
}
