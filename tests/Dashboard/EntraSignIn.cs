using System.Collections.Specialized;
using System.Web;
using LeadBot.Tests.Channels.Teams;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LeadBot.Tests.Dashboard;

/// <summary>
/// A person signing in to the dashboard through the local Entra stand-in (FakeBotFramework): the dashboard sends the
/// browser to the tenant's authorize endpoint, and Entra posts the person's ID token back (form_post).
/// </summary>
internal static class EntraSignIn
{
    public const string ClientId = "6a1f3c2e-0b7d-4c59-9e21-8d4f0a7b3c11";

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Dashboard:EntraId:ClientId"] = ClientId,
        ["Dashboard:EntraId:TenantId"] = TeamsTestApp.Tenant,
    };

    /// <summary>Cookies and ID tokens carry real dates: the cookie jar and token lifetimes go by the real clock, so the app's clock is set to it.</summary>
    public static void UseRealDates(TeamsTestApp app)
    {
        if (app.Clock.GetUtcNow() < TimeProvider.System.GetUtcNow()) app.Clock.SetUtcNow(TimeProvider.System.GetUtcNow());
    }

    // https, as Entra requires of a redirect URI: the correlation and nonce cookies are Secure.
    public static HttpClient Browser(TeamsTestApp app) => app.Factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true,
    });

    /// <summary>The whole round for <paramref name="email"/> (the sign-in name), with <paramref name="oid"/> as the Entra object id (default: a new one).</summary>
    public static async Task SignInAsync(TeamsTestApp app, HttpClient browser, string email, string name, string? oid = null) =>
        await PostIdTokenAsync(app, browser, HttpUtility.ParseQueryString((await browser.GetAsync("/")).Headers.Location!.Query), email, name, oid: oid);

    /// <summary>What Entra does after the person signs in: an ID token for the app, posted to the redirect URI with the state.</summary>
    public static async Task<HttpResponseMessage> PostIdTokenAsync(TeamsTestApp app, HttpClient browser, NameValueCollection authorize,
        string email, string name, string? flaw = null, string? oid = null)
    {
        var now = app.Clock.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            ["nonce"] = flaw == "wrong-nonce" ? "not-the-nonce" : authorize["nonce"]!,
            ["preferred_username"] = email, ["name"] = name, ["oid"] = oid ?? Guid.NewGuid().ToString(), ["tid"] = TeamsTestApp.Tenant,
            ["sub"] = "subject-" + email, ["ver"] = "2.0",
        };
        var key = flaw == "forged" ? app.Fake.EntraKeys[0].Impostor() : app.Fake.EntraKeys[0];
        var token = FakeBotFramework.Sign(key, app.Fake.EntraIssuer(TeamsTestApp.Tenant), flaw == "other-audience" ? "some-other-app" : ClientId, claims,
            flaw == "expired" ? now.AddHours(-3) : now, lifetime: TimeSpan.FromHours(1));
        return await browser.PostAsync("/signin-oidc", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id_token"] = token, ["state"] = authorize["state"]!,
        }));
    }
}
