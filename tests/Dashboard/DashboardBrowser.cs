using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LeadBot.Tests.Dashboard;

/// <summary>What a browser does with the dashboard: keeps its cookies, and posts a form with the token the page put in it.</summary>
internal static partial class DashboardBrowser
{
    public const string Key = "dashboard-key-for-tests";

    /// <summary>
    /// Over https, as in production: outside Development the dashboard's cookies are Secure, and a cookie jar (like a
    /// browser) never sends a Secure cookie over plain http.
    /// </summary>
    public static HttpClient Open(WebApplicationFactory<Program> app, bool followRedirects = true, string host = "localhost") =>
        app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri($"https://{host}"), AllowAutoRedirect = followRedirects, HandleCookies = true,
        });

    /// <summary>Opens the sign-in page and posts its form with <paramref name="key"/>.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key = Key) =>
        await browser.PostAsync("/signin", new FormUrlEncodedContent([new("key", key), new(TokenField, await TokenOf(browser, "/signin"))]));

    /// <summary>Presses "Sign out" on <paramref name="page"/>.</summary>
    public static async Task<HttpResponseMessage> SignOutAsync(HttpClient browser, string page = "/") =>
        await browser.PostAsync("/signout", new FormUrlEncodedContent([new(TokenField, await TokenOf(browser, page))]));

    public const string TokenField = "__RequestVerificationToken";

    /// <summary>
    /// Sign-in by a client without a cookie jar, handing the antiforgery cookie back by hand: how the tests see exactly
    /// which cookies the sign-in sets, and how a browser behind a TLS-terminating proxy reaches a bot spoken to over http.
    /// </summary>
    public static async Task<HttpResponseMessage> SignInByHandAsync(HttpClient client, string key = Key)
    {
        var form = await client.GetAsync("/signin");
        var cookie = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("leadbot_antiforgery=", StringComparison.Ordinal)).Split(';')[0];
        var token = WebUtility.HtmlDecode(Token().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent([new("key", key), new(TokenField, token)]),
            Headers = { { "Cookie", cookie } },
        };
        return await client.SendAsync(post);
    }

    /// <summary>The antiforgery token of the form on <paramref name="page"/> (its cookie half lands in the browser's jar).</summary>
    public static async Task<string> TokenOf(HttpClient browser, string page)
    {
        var response = await browser.GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        var match = Token().Match(html);
        Assert.True(match.Success, $"{page} ({(int)response.StatusCode}) has no form token: {html[..Math.Min(html.Length, 300)]}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
