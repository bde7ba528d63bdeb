using System.Net;
using LeadBot.Tests.Agreement;
using LeadBot.Tests.Insights;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Dashboard;

/// <summary>The agreement's scorecard page (/agreement): the dashboard's access rule, and the scorecard API's figures.</summary>
public sealed class AgreementPageTests
{
    private const string Key = DashboardBrowser.Key;

    [Fact]
    public async Task TheAgreementPage_FollowsTheDashboardsAccessRule()
    {
        // The in-memory test server has no remote address: to the bot it is not this machine.
        using var open = InsightsScenario.App();
        using var keyed = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = Key });

        var elsewhere = await open.CreateClient().GetAsync("/agreement");
        var notSignedIn = await keyed.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/agreement");

        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        Assert.Equal((HttpStatusCode.Redirect, "/signin"), (notSignedIn.StatusCode, notSignedIn.Headers.Location!.OriginalString));
    }

    [Fact]
    public async Task TheAgreementPage_ShowsTheScorecardsFigures_WithAChart_AndRunsNoScript()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = Key, ["Agreement:LeadsPerMonth:EMEA"] = "40" });
        await AgreementScenario.RetailRejected(app.Api(), count: 4);
        await AgreementScenario.LogisticsAccepted(app.Api(), 2);
        var client = DashboardBrowser.Open(app);
        Assert.Equal(HttpStatusCode.OK, (await DashboardBrowser.SignInAsync(client)).StatusCode);

        var response = await client.GetAsync("/agreement?period=week");
        var html = await response.Content.ReadAsStringAsync();
        var score = (await (await app.Api().GetAsync("/api/agreement/scorecard?period=week&team=EMEA")).BodyAsync())["teams"]![0]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var emea = html[html.IndexOf("data-team=\"EMEA\"", StringComparison.Ordinal)..];
        emea = emea[..emea.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains($"data-testid=\"delivered\">{(int)score["delivered"]!}<", emea, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"delivered\">6<", emea, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"acceptance\">33%<", emea, StringComparison.Ordinal); // 2 accepted of 6 decided
        Assert.Contains("data-testid=\"against-marketing\">4<", emea, StringComparison.Ordinal);
        Assert.Contains("acceptance 33 % is below 90 %", emea, StringComparison.Ordinal);
        Assert.Contains("promised so far (40 a month)", emea, StringComparison.Ordinal);
        Assert.Contains("<svg data-testid=\"chart\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        // Every team the viewer may see has its section; the dashboard links here.
        Assert.Equal(app.Get<LeadBot.Routing.Router>().Teams.Count, html.Split("data-team=\"").Length - 1);
        Assert.Contains("href=\"/agreement?period=week", await (await client.GetAsync("/?period=week")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownPeriod_IsAClearPage_NotAnError()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = Key });
        var client = DashboardBrowser.Open(app);
        await DashboardBrowser.SignInAsync(client);

        var response = await client.GetAsync("/agreement?period=fortnight");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Unknown period", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
