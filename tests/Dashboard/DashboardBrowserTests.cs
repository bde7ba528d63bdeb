using LeadBot.Dashboard;
using LeadBot.Handoff;
using LeadBot.Routing;
using LeadBot.Tests.Insights;
using LeadBot.Tests.Support;
using Microsoft.Playwright;

namespace LeadBot.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser: Debian's headless Chromium driven by Playwright, against the bot on Kestrel on
/// loopback (local mode, no key). Fails, never skips, when Chromium is missing: install it with apt-get install -y chromium.
/// </summary>
public sealed class DashboardBrowserTests
{
    [Fact]
    public async Task Dashboard_InHeadlessChromium_ShowsTheFiguresAndCharts()
    {
        using var app = InsightsScenario.App();
        var root = HeadlessChromium.Serve(app);
        await Seed(app);
        await using var chromium = await HeadlessChromium.OpenAsync();
        var page = chromium.Page;

        var response = await page.GotoAsync(root + "/?team=EMEA&period=week");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal(200, response!.Status);
        Assert.Equal("7", await Text(page, "qualified"));
        Assert.Equal("80%", await Text(page, "acceptance")); // 3 accepted, 2 rejected, of which no-budget is a disqualification
        Assert.Equal("2", await Text(page, "waiting"));
        Assert.Equal("1", await Text(page, "won"));
        Assert.Equal("3 min", await Text(page, "speed-median"));
        Assert.Contains("Budget frozen until Q3", await page.Locator("[data-testid=comments]").InnerTextAsync(), StringComparison.Ordinal);
        // A hostile company name is shown as text and runs nothing.
        Assert.Equal(1, await page.GetByText("<script>alert(1)</script> GmbH").CountAsync());
        Assert.Equal(0, chromium.Dialogs);
        var images = await page.Locator("img").AllAsync();
        Assert.Equal(2, images.Count);
        foreach (var img in images) Assert.True(await img.EvaluateAsync<int>("i => i.naturalWidth") > 300, "every chart loaded");

        Assert.True((await chromium.ScreenshotAsync("dashboard.png")).Length > 20_000);
    }

    private static Task<string> Text(IPage page, string id) => page.Locator($"[data-testid={id}]").InnerTextAsync();

    /// <summary>The EMEA week of the other tests plus a busier Tuesday: more sources, more reasons, and a hostile name.</summary>
    private static async Task Seed(LeadBotApp app)
    {
        await InsightsScenario.EmeaWeek(app);
        var actions = app.Get<LeadActions>();
        var anna = new Actor(Email: SampleLeads.EmeaRep);
        var luca = new Actor(Email: SampleLeads.EmeaRep2);
        app.Clock.Advance(TimeSpan.FromHours(24));
        var a = await Lead(app, "t-1", "Rhein Chemie", "linkedin", "ABM Germany");
        var b = await Lead(app, "t-2", "Kastell Foods", "linkedin", "ABM Germany");
        var c = await Lead(app, "t-3", "<script>alert(1)</script> GmbH", "hubspot", "Webinar Q4");
        await InsightsScenario.Post(app, SampleLeads.NorthAmerica("na-shot"));
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        actions.Claim(a, luca, "teams");
        actions.Reject(b, anna, "not-icp:too-small", "Twelve people, all in one shop. Not for the EMEA team.", "slack");
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        actions.RecordOutcome(a, luca, "meeting", "teams");
        app.Clock.Advance(TimeSpan.FromMinutes(40));
        _ = c;
    }

    private static async Task<string> Lead(LeadBotApp app, string id, string company, string source, string campaign)
    {
        var body = InsightsScenario.Emea(id, company, campaign);
        body["source"] = source;
        return await InsightsScenario.Post(app, body);
    }
}
