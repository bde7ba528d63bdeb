using Microsoft.AspNetCore.Mvc.Testing;

namespace LeadBot.Tests.Dashboard;

/// <summary>What a browser does with the dashboard: keeps its cookies, and signs in by filling in the form the page serves.</summary>
internal static class DashboardBrowser
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

    /// <summary>Posts the sign-in form with <paramref name="key"/>.</summary>
    public static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key = Key) =>
        browser.PostAsync("/signin", new FormUrlEncodedContent([new("key", key)]));
}
