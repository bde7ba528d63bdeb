using Microsoft.AspNetCore.Antiforgery;

namespace LeadBot.Dashboard;

/// <summary>
/// How every dashboard answer is written: the headers that let Teams show it as a tab and nothing run in it, the short
/// message pages (refusals, sign-in problems), and the antiforgery token every form of the dashboard carries.
/// </summary>
public static class DashboardResponses
{
    // No script may run at all; only Teams (and the bot itself) may frame the page.
    private const string Policy = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; " +
        "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us https://*.cloud.microsoft https://*.office.com";

    public static string Message(string title, string text, string extra = "") =>
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>LeadBot · {DashboardPage.H(title)}</title></head>" +
        $"<body style=\"font:15px system-ui,sans-serif;margin:40px;color:#0f172a\"><h1 style=\"font-size:20px\">LeadBot · {DashboardPage.H(title)}</h1>" +
        $"<p>{DashboardPage.H(text)}</p>{extra}</body></html>";

    public static IResult Page(HttpContext http, string html, int status)
    {
        http.Response.Headers.ContentSecurityPolicy = Policy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>
    /// The hidden field of the antiforgery token (its cookie half is set on the response): a page of another site can
    /// post to /signin or /signout, but it cannot read this value, so its post is refused.
    /// </summary>
    public static string TokenField(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{DashboardPage.H(tokens.FormFieldName)}\" value=\"{DashboardPage.H(tokens.RequestToken)}\">";
    }

    /// <summary>The sign-out button, a form with its token.</summary>
    public static string SignOutButton(HttpContext http, string attributes = "") =>
        $"<form method=\"post\" action=\"/signout\"{attributes}>{TokenField(http)}<button type=\"submit\">Sign out</button></form>";
}
