using System.Net;
using System.Text;
using LeadBot.Dashboard;
using LeadBot.Tests.Insights;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Dashboard;

/// <summary>
/// Attacks on the dashboard's sign-in and sign-out: posts from another site (no token, someone else's token, a text/plain
/// form) change nothing, and guessing the key runs into the per-address rate limit.
/// </summary>
public sealed class DashboardSignInAttackTests
{
    [Fact]
    public async Task ACrossSiteSignIn_WithTheRightKeyButNoToken_Is400_AndOpensNoSession()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = DashboardBrowser.Key });
        using var victim = DashboardBrowser.Open(app, followRedirects: false);

        // What another site's auto-submitting form sends: the fields, never the token it cannot read.
        var forged = await victim.PostAsync("/signin", new FormUrlEncodedContent([new("key", DashboardBrowser.Key)]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("security token", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Cookies(forged), c => c.StartsWith(DashboardAuth.CookieName + "=", StringComparison.Ordinal));
        Assert.Equal("/signin", (await victim.GetAsync("/")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ASignInCarryingTheAttackersOwnToken_IsRefused()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = DashboardBrowser.Key });
        using var attacker = DashboardBrowser.Open(app, followRedirects: false);
        using var victim = DashboardBrowser.Open(app, followRedirects: false);
        var attackersToken = await DashboardBrowser.TokenOf(attacker, "/signin");
        await victim.GetAsync("/signin"); // the victim's browser holds its own antiforgery cookie

        var forged = await victim.PostAsync("/signin", new FormUrlEncodedContent([new("key", DashboardBrowser.Key), new(DashboardBrowser.TokenField, attackersToken)]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain(Cookies(forged), c => c.StartsWith(DashboardAuth.CookieName + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATextPlainCrossSitePost_Is400_Not500()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = DashboardBrowser.Key });
        using var victim = DashboardBrowser.Open(app, followRedirects: false);

        var signIn = await victim.PostAsync("/signin", new StringContent("key=" + DashboardBrowser.Key, Encoding.UTF8, "text/plain"));
        var signOut = await victim.PostAsync("/signout", new StringContent("x", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
    }

    [Fact]
    public async Task ACrossSiteSignOut_WithoutToken_LeavesTheSessionOpen()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = DashboardBrowser.Key });
        using var browser = DashboardBrowser.Open(app, followRedirects: false);
        Assert.Equal(HttpStatusCode.Redirect, (await DashboardBrowser.SignInAsync(browser)).StatusCode);

        var forged = await browser.PostAsync("/signout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task GuessingTheKey_RunsIntoTheRateLimit_EvenWithTheRightKeyAfterwards()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = DashboardBrowser.Key, ["Dashboard:SignInAttemptsPerMinute"] = "3" });
        using var guesser = DashboardBrowser.Open(app, followRedirects: false);

        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) guesses.Add((await DashboardBrowser.SignInAsync(guesser, $"guess-number-{i}")).StatusCode);
        var limited = await DashboardBrowser.SignInAsync(guesser);

        Assert.All(guesses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Contains("Too many sign-in attempts", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Cookies(limited), c => c.StartsWith(DashboardAuth.CookieName + "=", StringComparison.Ordinal));
        // Only sign-in is limited: the form itself still opens.
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync("/signin")).StatusCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("100000")]
    public void AnUnusableAttemptLimit_StopsTheBotWithAClearMessage(string perMinute)
    {
        using var app = new LeadBotApp(new() { ["Dashboard:SignInAttemptsPerMinute"] = perMinute });
        var e = app.FailsToStart<Microsoft.Extensions.Options.OptionsValidationException>();
        Assert.Contains("Dashboard:SignInAttemptsPerMinute", e.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [];
}
