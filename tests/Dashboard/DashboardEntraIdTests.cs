using System.Net;
using System.Web;
using LeadBot.Dashboard;
using LeadBot.Tests.Channels.Teams;
using LeadBot.Tests.Insights;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LeadBot.Tests.Dashboard;

/// <summary>
/// Dashboard sign-in with Microsoft Entra ID, end to end against a local Entra stand-in: the redirect to the tenant's
/// authorize endpoint, the ID token posted back (form_post), the session cookie, and who then sees what.
/// </summary>
public sealed class DashboardEntraIdTests : IAsyncLifetime
{
    private const string ClientId = EntraSignIn.ClientId;
    private readonly TeamsTestApp _app = new(EntraSignIn.Settings());

    public Task InitializeAsync()
    {
        EntraSignIn.UseRealDates(_app);
        return Task.CompletedTask;
    }
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Browser() => EntraSignIn.Browser(_app);

    [Fact]
    public async Task Dashboard_SendsPeopleToTheirTenant_AndAManagerSignedInSeesTheTeamTheyManage()
    {
        using var browser = Browser();

        var challenge = await browser.GetAsync("/?period=month");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.Equal($"{_app.Fake.BaseUrl}/{TeamsTestApp.Tenant}/oauth2/v2.0/authorize", authorize.GetLeftPart(UriPartial.Path));
        var q = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal(ClientId, q["client_id"]);
        Assert.Equal("id_token", q["response_type"]);
        Assert.Equal("form_post", q["response_mode"]);
        Assert.Equal("https://localhost/signin-oidc", q["redirect_uri"]);
        Assert.Contains("openid", q["scope"]!.Split(' '));

        var back = await PostIdToken(browser, q, "marta.novak@contoso.com", "Marta Novak");
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/?period=month", back.Headers.Location!.OriginalString);

        var page = await browser.GetAsync("/?period=month");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Signed in as Marta Novak", html);
        Assert.Contains("<option value=\"EMEA\" selected>EMEA</option>", html);
        Assert.DoesNotContain("All teams", html);
        Assert.DoesNotContain("North America", html);
    }

    [Fact]
    public async Task ARep_SeesTheirOwnTeam_AndNoOther()
    {
        using var browser = Browser();
        await SignIn(browser, "anna.schmidt@contoso.com", "Anna Schmidt");

        var html = await (await browser.GetAsync("/")).Content.ReadAsStringAsync();

        Assert.Contains("Signed in as Anna Schmidt", html);
        Assert.Contains("<option value=\"EMEA\" selected>EMEA</option>", html);
        Assert.DoesNotContain("North America", html);
        Assert.DoesNotContain("All teams", html);
    }

    [Fact]
    public async Task InsideTheTeamsTab_EntraIsNotOpenedInTheFrame_ButAWayOutIsOffered()
    {
        using var browser = Browser();
        using var framed = new HttpRequestMessage(HttpMethod.Get, "/?period=month");
        framed.Headers.Add("Sec-Fetch-Dest", "iframe");

        var page = await browser.SendAsync(framed);

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("cannot be shown inside Teams", html);
        Assert.Contains("href=\"/?period=month\" target=\"_blank\"", html);
    }

    [Fact]
    public async Task InsideTheTeamsTab_WithASignInKeyToo_TheKeyFormIsOffered()
    {
        await using var app = new TeamsTestApp(new()
        {
            ["Dashboard:EntraId:ClientId"] = ClientId,
            ["Dashboard:EntraId:TenantId"] = TeamsTestApp.Tenant,
            ["Dashboard:SignInKey"] = "a-long-dashboard-key",
        });
        using var browser = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var framed = new HttpRequestMessage(HttpMethod.Get, "/");
        framed.Headers.Add("Sec-Fetch-Dest", "iframe");

        var page = await browser.SendAsync(framed);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin", page.Headers.Location!.OriginalString);
        Assert.StartsWith(app.Fake.BaseUrl, (await browser.GetAsync("/")).Headers.Location!.ToString(), StringComparison.Ordinal); // a browser tab goes to Entra
    }

    [Fact]
    public async Task SomeoneOnNoRoster_GetsAPoliteRefusal()
    {
        using var browser = Browser();
        await SignIn(browser, "visitor@contoso.com", "Vic Visitor");

        var page = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("not on a LeadBot sales or marketing roster", await page.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("other-audience")]
    [InlineData("expired")]
    [InlineData("wrong-nonce")]
    public async Task ABadIdToken_SignsNobodyIn(string flaw)
    {
        using var browser = Browser();
        var q = HttpUtility.ParseQueryString((await browser.GetAsync("/")).Headers.Location!.Query);

        var back = await PostIdToken(browser, q, "marta.novak@contoso.com", "Marta Novak", flaw);

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/signin?failed=entra", back.Headers.Location!.OriginalString);
        var failed = await browser.GetAsync(back.Headers.Location);
        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        Assert.Contains("could not sign you in", await failed.Content.ReadAsStringAsync());
        // Still nobody: the dashboard sends the browser to Entra again.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SigningOut_EndsTheDashboardSession()
    {
        using var browser = Browser();
        await SignIn(browser, "mia.marketing@contoso.com", "Mia Marketing");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        var signedOut = await DashboardBrowser.SignOutAsync(browser);

        Assert.Equal("/signed-out", signedOut.Headers.Location!.OriginalString);
        var again = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.StartsWith(_app.Fake.BaseUrl, again.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private Task SignIn(HttpClient browser, string email, string name) => EntraSignIn.SignInAsync(_app, browser, email, name);

    private Task<HttpResponseMessage> PostIdToken(HttpClient browser, System.Collections.Specialized.NameValueCollection authorize, string email, string name, string? flaw = null) =>
        EntraSignIn.PostIdTokenAsync(_app, browser, authorize, email, name, flaw);
}

public sealed class DashboardEntraIdOptionsTests
{
    [Fact]
    public async Task EntraUnreachable_SaysSoWithA503_NotA500()
    {
        // A port nothing listens on: the tenant's metadata cannot be read.
        using var app = new LeadBot.Tests.Support.LeadBotApp(new()
        {
            ["Dashboard:EntraId:ClientId"] = "6a1f3c2e-0b7d-4c59-9e21-8d4f0a7b3c11",
            ["Dashboard:EntraId:TenantId"] = "72f988bf-86f1-41af-91ab-2d7cd011db47",
            ["Dashboard:EntraId:Instance"] = "https://127.0.0.1:1/",
        });
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

        var page = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("cannot be reached", await page.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("not-a-tenant-id", "https://login.microsoftonline.com/", "Dashboard:EntraId:TenantId")]
    [InlineData("72f988bf-86f1-41af-91ab-2d7cd011db47", "http://login.example/", "Dashboard:EntraId:Instance")]
    public void AClientIdWithoutAUsableTenantOrInstance_StopsTheBotWithAClearMessage(string tenant, string instance, string named)
    {
        using var app = new LeadBot.Tests.Support.LeadBotApp(new()
        {
            ["Dashboard:EntraId:ClientId"] = "6a1f3c2e-0b7d-4c59-9e21-8d4f0a7b3c11",
            ["Dashboard:EntraId:TenantId"] = tenant,
            ["Dashboard:EntraId:Instance"] = instance,
        });
        var e = app.FailsToStart<Microsoft.Extensions.Options.OptionsValidationException>();
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }
}
