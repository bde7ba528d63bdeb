using System.Net;
using LeadBot.Dashboard;
using LeadBot.Tests.Insights;
using LeadBot.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LeadBot.Tests.Dashboard;

public sealed class DashboardTests
{
    private const string Key = "dashboard-key-for-tests";

    [Fact]
    public async Task WithAKey_TheDashboardAsksToSignIn_AndAWrongKeyIsRefused()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = Key });
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetAsync("/");
        var wrong = await client.PostAsync("/signin", Form("not-the-key"));

        Assert.Equal((HttpStatusCode.Redirect, "/signin"), (page.StatusCode, page.Headers.Location!.OriginalString));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task SigningIn_WithTheKey_OpensTheDashboard()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = Key });
        await InsightsScenario.EmeaWeek(app);
        var client = app.CreateClient();

        var signIn = await client.PostAsync("/signin", Form(Key));
        var html = await signIn.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal("/", signIn.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("data-testid=\"acceptance\">100%", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionCookie_IsHttpOnlyAndSameSite_AndExpires()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = Key, ["Dashboard:SessionLifetime"] = "1.00:00:00" });
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var signIn = await client.PostAsync("/signin", Form(Key));
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
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
        var client = app.CreateClient();
        await client.PostAsync("/signin", Form(Key));

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
        var client = app.CreateClient();
        await client.PostAsync("/signin", Form(Key));

        var all = await client.GetStringAsync("/?team=EMEA&period=week");
        var fair = await client.GetStringAsync("/?team=EMEA&campaign=Trade+Fair&period=week");
        var na = await client.GetStringAsync("/?team=North+America");

        Assert.Contains("data-testid=\"qualified\">4<", all, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"qualified\">1<", fair, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"acceptance\">100%<", fair, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"qualified\">0<", na, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Trade Fair\" selected>", fair, StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(string key) => new([new KeyValuePair<string, string>("key", key)]);
}
