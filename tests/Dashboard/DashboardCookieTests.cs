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

        var signIn = await DashboardBrowser.SignInAsync(client);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var session = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("leadbot_dashboard=", StringComparison.Ordinal));
        var attributes = session.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Equal(secure, attributes.Contains("secure"));
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
    }

    [Fact]
    public async Task InsideTheTeamsTab_TheSessionCookie_IsSameSiteNoneAndSecure()
    {
        using var app = InsightsScenario.App(new() { ["Dashboard:SignInKey"] = DashboardBrowser.Key, ["Dashboard:EmbeddedInTeams"] = "true" });
        using var client = DashboardBrowser.Open(app, followRedirects: false);

        var signIn = await DashboardBrowser.SignInAsync(client);

        var session = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("leadbot_dashboard=", StringComparison.Ordinal));
        Assert.Contains("samesite=none", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
    }
}
