using System.Net;
using LeadBot.Insights;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Insights;

public sealed class ChartsTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task SignedUrl_ServesTheFunnelAsPng()
    {
        using var app = InsightsScenario.App(new() { ["Bot:PublicBaseUrl"] = "https://leadbot.contoso.com" });
        await InsightsScenario.EmeaWeek(app);
        var url = app.Get<PipelineReport>().Build("EMEA", Period.Parse("week", app.Clock.GetUtcNow())!).ChartImageUrl!;

        var response = await app.CreateClient().GetAsync(new Uri(url).PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(PngSignature, png[..8]);
        Assert.True(png.Length > 2000, $"a chart with bars and labels, not an empty picture ({png.Length} bytes)");
    }

    [Theory]
    [InlineData("team=EMEA", "team=Enterprise")]
    [InlineData("&sig=", "&sig=AAAA")]
    [InlineData("funnel.png", "reasons.png")]
    public async Task EditedUrl_IsRefused(string from, string to)
    {
        using var app = InsightsScenario.App();
        var path = app.Get<ChartLinks>().Path(Request());

        var response = await app.CreateClient().GetAsync(path.Replace(from, to, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ExpiredUrl_IsRefused()
    {
        using var app = InsightsScenario.App(new() { ["Insights:ChartUrlLifetime"] = "1.00:00:00" });
        var path = app.Get<ChartLinks>().Path(Request());
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task GeneratedSigningKey_SurvivesARestart()
    {
        var folder = Directory.CreateTempSubdirectory("leadbot-charts-").FullName;
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:LeadBot"] = $"Filename={Path.Combine(folder, "bot.db")};Connection=shared" };
        try
        {
            string path;
            using (var first = new LeadBotApp(settings)) path = first.Get<ChartLinks>().Path(Request());
            using var second = new LeadBotApp(settings);

            Assert.Equal(HttpStatusCode.OK, (await second.CreateClient().GetAsync(path)).StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ReasonsChart_WithNoRejections_StillDrawsAPicture()
    {
        var png = Charts.ReasonsPng([], "Rejection reasons · this week");

        Assert.Equal(PngSignature, png[..8]);
    }

    private static ChartRequest Request() => new(Charts.Funnel, "EMEA", null, null,
        LeadBotApp.Start.AddDays(-7), LeadBotApp.Start, "EMEA · last week");
}
