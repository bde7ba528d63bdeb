using System.Net;
using LeadBot.Tests.Insights;
using LeadBot.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LeadBot.Tests.Dashboard;

/// <summary>
/// The dashboard's session cookie travels only over https outside Development, even when the bot itself is reached over
/// plain http (a TLS-terminating proxy nobody listed in ForwardedHeaders), and in Development only when the request was https.
/// </summary>
public sealed class DashboardCookieTests
{
    [Theory]
    [InlineData("Production", "http", true)]
    [InlineData("Production", "https", true)]
    [InlineData("Staging", "http", true)]
    [InlineData("Development", "https", true)]
    [InlineData("Development", "http", false)]
    public async Task SessionCookie_IsSecure_OutsideDevelopment_AndOverHttps(string environment, string scheme, bool secure)
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = DashboardBrowser.Key });
        using var inEnvironment = app.WithWebHostBuilder(b => b.UseEnvironment(environment));
        using var client = inEnvironment.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri($"{scheme}://localhost"), AllowAutoRedirect = false, HandleCookies = false,
        });

        var signIn = await DashboardBrowser.SignInByHandAsync(client);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var session = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("leadbot_dashboard=", StringComparison.Ordinal));
        var attributes = session.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Equal(secure, attributes.Contains("secure"));
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        // The sign-in form's antiforgery cookie (which opens no session) is Secure on https; over http it is still written,
        // so an unlisted TLS-terminating proxy in front of the bot leaves a working sign-in page rather than a 500.
        var form = await client.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var antiforgery = Assert.Single(form.Headers.GetValues("Set-Cookie"), c => c.StartsWith("leadbot_antiforgery=", StringComparison.Ordinal));
        Assert.Equal(scheme == "https", antiforgery.Split(';').Any(a => a.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase)));
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task InsideTheTeamsTab_TheSessionCookie_IsSameSiteNoneAndSecure()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = DashboardBrowser.Key, ["Dashboard:EmbeddedInTeams"] = "true" });
        using var client = DashboardBrowser.Open(app, followRedirects: false);

        var form = await client.GetAsync("/signin");
        var signIn = await DashboardBrowser.SignInAsync(client);

        var session = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("leadbot_dashboard=", StringComparison.Ordinal));
        Assert.Contains("samesite=none", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        // The form's antiforgery cookie must travel inside Teams' frame too, and the form may be framed by Teams (CSP
        // frame-ancestors decides; antiforgery's default X-Frame-Options: SAMEORIGIN would blank the tab).
        var antiforgery = Assert.Single(form.Headers.GetValues("Set-Cookie"), c => c.StartsWith("leadbot_antiforgery=", StringComparison.Ordinal));
        Assert.Contains("samesite=none", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.False(form.Headers.Contains("X-Frame-Options"));
        Assert.Contains("frame-ancestors 'self' https://teams.microsoft.com", form.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
