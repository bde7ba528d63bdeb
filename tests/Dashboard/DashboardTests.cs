using System.Net;
using LeadBot.Dashboard;
using LeadBot.Tests.Insights;
using LeadBot.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LeadBot.Tests.Dashboard;

public sealed class DashboardTests
{
    private const string Key = DashboardBrowser.Key;

    [Fact]
    public async Task WithAKey_TheDashboardAsksToSignIn_AndAWrongKeyIsRefused()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = Key });
        var client = DashboardBrowser.Open(app, followRedirects: false);

        var page = await client.GetAsync("/");
        var wrong = await DashboardBrowser.SignInAsync(client, "not-the-key");

        Assert.Equal((HttpStatusCode.Redirect, "/signin"), (page.StatusCode, page.Headers.Location!.OriginalString));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.DoesNotContain(wrong.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith(DashboardAuth.CookieName + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SigningIn_WithTheKey_OpensTheDashboard()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = Key });
        await InsightsScenario.EmeaWeek(app);
        var client = DashboardBrowser.Open(app);

        var signIn = await DashboardBrowser.SignInAsync(client);
        var html = await signIn.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal("/", signIn.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("data-testid=\"acceptance\">100%", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionCookie_IsHttpOnlyAndSameSite_AndExpires()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = Key, ["Dashboard:SessionLifetime"] = "1.00:00:00" });
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });

        var signIn = await DashboardBrowser.SignInByHandAsync(client);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DashboardAuth.CookieName + "=", StringComparison.Ordinal));
        var session = setCookie.Split(';')[0];
        using var ok = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { { "Cookie", session } } };
        var okStatus = (await client.SendAsync(ok)).StatusCode;
        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        using var late = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { { "Cookie", session } } };
        var lateStatus = (await client.SendAsync(late)).StatusCode;
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { { "Cookie", "leadbot_dashboard=99999999999.AAAA" } } };
        var forgedStatus = (await client.SendAsync(forged)).StatusCode;

        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, setCookie, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Equal(HttpStatusCode.Redirect, lateStatus);
        Assert.Equal(HttpStatusCode.Redirect, forgedStatus);
    }

    [Fact]
    public async Task AKeySession_ExportsEveryTeam_ThroughTheDashboardsLinks()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = Key });
        await InsightsScenario.EmeaWeek(app);
        await InsightsScenario.Post(app, SampleLeads.NorthAmerica("na-export"));
        var client = DashboardBrowser.Open(app);
        var anonymous = await DashboardBrowser.Open(app, followRedirects: false).GetAsync("/dashboard/leads.csv?period=week");
        await DashboardBrowser.SignInAsync(client);

        var page = await client.GetStringAsync("/?period=week");
        var leads = await client.GetAsync("/dashboard/leads.csv?period=week");
        var csv = await leads.Content.ReadAsStringAsync();

        Assert.Equal("/signin", anonymous.Headers.Location!.OriginalString);
        Assert.Contains("href=\"/dashboard/leads.csv?period=week\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/dashboard/feedback.csv?period=week\"", page, StringComparison.Ordinal);
        Assert.Equal("text/csv", leads.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", leads.Headers.CacheControl!.ToString());
        Assert.Contains("Nordwind Logistics", csv, StringComparison.Ordinal);
        Assert.Contains("BrightPath Health", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeySession_SignsOutWithTheButtonOnThePage()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = Key });
        var client = DashboardBrowser.Open(app, followRedirects: false);
        await DashboardBrowser.SignInAsync(client);
        Assert.Contains("Signed in with the dashboard key", await client.GetStringAsync("/"), StringComparison.Ordinal);

        var signedOut = await DashboardBrowser.SignOutAsync(client);

        Assert.Equal("/signin", signedOut.Headers.Location!.OriginalString);
        Assert.Equal("/signin", (await client.GetAsync("/")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task WithoutAKey_TheDashboardRefusesCallersFromElsewhere()
    {
        // The in-memory test server has no remote address: to the bot it is not this machine.
        using var app = InsightsScenario.App();

        var response = await app.CreateClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Dashboard:SignInKey", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeadData_IsEscaped_AndNoScriptMayRun()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = Key });
        var hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        await InsightsScenario.Post(app, InsightsScenario.Emea("x-1", hostile, campaign: "\"><b>campaign</b>"));
        var client = DashboardBrowser.Open(app);
        await DashboardBrowser.SignInAsync(client);

        var response = await client.GetAsync("/?period=month");
        var html = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>campaign", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_NarrowTheFigures()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = Key });
        await InsightsScenario.EmeaWeek(app);
        var client = DashboardBrowser.Open(app);
        await DashboardBrowser.SignInAsync(client);

        var all = await client.GetStringAsync("/?team=EMEA&period=week");
        var fair = await client.GetStringAsync("/?team=EMEA&campaign=Trade+Fair&period=week");
        var na = await client.GetStringAsync("/?team=North+America");

        Assert.Contains("data-testid=\"qualified\">4<", all, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"qualified\">1<", fair, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"acceptance\">100%<", fair, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"qualified\">0<", na, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Trade Fair\" selected>", fair, StringComparison.Ordinal);
    }
}
