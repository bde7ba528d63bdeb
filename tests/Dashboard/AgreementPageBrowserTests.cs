using LeadBot.Tests.Agreement;
using LeadBot.Tests.Insights;
using LeadBot.Tests.Support;
using Microsoft.Playwright;

namespace LeadBot.Tests.Dashboard;

/// <summary>
/// The agreement page in Debian's headless Chromium against the bot on Kestrel on loopback (local mode): the figures,
/// the chart drawn to the shares, no script. Fails, never skips, when Chromium is missing.
/// </summary>
public sealed class AgreementPageBrowserTests
{
    [Fact]
    public async Task AgreementPage_InHeadlessChromium_ShowsBothSidesAndTheChart()
    {
        using var app = InsightsScenario.App(new() { ["Agreement:LeadsPerMonth:EMEA"] = "40" });
        var root = HeadlessChromium.Serve(app);
        await AgreementScenario.RetailRejected(app.Api(), count: 3);
        await AgreementScenario.LogisticsAccepted(app.Api(), 6);
        await AgreementScenario.Post(app.Api(), "/api/leads", SampleLeads.NorthAmerica("na-page"), System.Net.HttpStatusCode.Created);
        await using var chromium = await HeadlessChromium.OpenAsync();
        var page = chromium.Page;

        var response = await page.GotoAsync(root + "/agreement?period=month");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal(200, response!.Status);
        var emea = page.Locator("[data-team=EMEA]");
        Assert.Equal("9", await emea.Locator("[data-testid=delivered]").InnerTextAsync());
        Assert.Equal("67%", await emea.Locator("[data-testid=acceptance]").InnerTextAsync()); // 6 of 9
        Assert.Contains("acceptance 67 % is below 90 %", await emea.Locator("[data-testid=missed]").InnerTextAsync(), StringComparison.Ordinal);
        // The chart is drawn to the figures: EMEA's acceptance bar is two thirds of the full width.
        var chart = page.Locator("[data-testid=chart]");
        Assert.True(await chart.IsVisibleAsync());
        var widths = await chart.Locator("rect[data-bar='0']").EvaluateAllAsync<double[]>("bars => bars.map(b => b.getBBox().width)");
        Assert.Contains(widths, w => Math.Abs(w - 460 * 6 / 9.0) <= 1);
        Assert.Equal(0, chromium.Dialogs);

        Assert.True((await chromium.ScreenshotAsync("agreement.png")).Length > 20_000);
    }
}
