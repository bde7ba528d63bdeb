using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using static LeadBot.Dashboard.DashboardResponses;

namespace LeadBot.Dashboard;

/// <summary>
/// The key sign-in form and sign-out: both are posts that must carry the form's antiforgery token (checked by the
/// antiforgery middleware, answered here so the refusal is a page that says what to do), and sign-in attempts are
/// rate-limited per client address (<see cref="SignInLimit"/>).
/// </summary>
public static class DashboardSignIn
{
    public static IEndpointRouteBuilder MapDashboardSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", (HttpContext http, DashboardAuth auth) => SignInForm(http, auth, failed: false)).ExcludeFromDescription();
        app.MapPost("/signin", SignIn).ExcludeFromDescription().WithMetadata(new RequireAntiforgeryTokenAttribute()).RequireRateLimiting(SignInLimit.Policy);
        app.MapPost("/signout", SignOut).ExcludeFromDescription().WithMetadata(new RequireAntiforgeryTokenAttribute());
        app.MapGet("/signed-out", (HttpContext http) => Page(http, Message("Signed out", "You are signed out of the LeadBot dashboard.", "<p><a href=\"/\">Sign in again</a></p>"), 200))
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> SignIn(HttpContext http, DashboardAuth auth)
    {
        if (Forged(http) is { } refused) return refused;
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return auth.SignIn(http, form["key"].ToString()) ? Results.Redirect("/") : SignInForm(http, auth, failed: true);
    }

    private static async Task<IResult> SignOut(HttpContext http, DashboardAuth auth)
    {
        if (Forged(http) is { } refused) return refused;
        DashboardAuth.SignOut(http);
        // Only LeadBot's own session ends; the Entra ID session stays, as signing out of one app should not sign people out of Microsoft 365.
        if (auth.EntraIdConfigured) await http.SignOutAsync(DashboardEntraId.CookieScheme);
        return Results.Redirect(auth.KeyConfigured ? "/signin" : "/signed-out");
    }

    /// <summary>
    /// A 400 page when the post lacks a valid token: sent by another site (a forged sign-in or sign-out), or a form
    /// kept open so long that its token no longer matches the browser's cookie. Nothing happens either way.
    /// </summary>
    private static IResult? Forged(HttpContext http)
    {
        // No feature at all means the middleware did not look: refused as well, never let through.
        if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true }) return null;
        var why = http.Features.Get<IAntiforgeryValidationFeature>()?.Error?.Message;
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardSignIn))
            .LogWarning("Refused {Path} without a valid antiforgery token from {Remote}: {Reason}", http.Request.Path.Value, http.Connection.RemoteIpAddress, why);
        var back = http.Request.Path == "/signout" ? "<p><a href=\"/\">Back to the dashboard</a></p>" : "<p><a href=\"/signin\">Open the sign-in page again</a></p>";
        return Page(http, Message("Form expired or sent from elsewhere",
            "This form did not carry its security token, so nothing was done: it was sent from another site, or the page was open too long. " +
            "Open the page again and retry.", back), StatusCodes.Status400BadRequest);
    }

    private static IResult SignInForm(HttpContext http, DashboardAuth auth, bool failed)
    {
        if (http.Request.Query["failed"] == "entra")
            return Page(http, Message("Sign-in failed", "Microsoft Entra ID could not sign you in to the LeadBot dashboard. Try again, or ask your LeadBot admin.",
                "<p><a href=\"/\">Try again</a></p>"), 401);
        if (!auth.KeyConfigured) return Results.Redirect("/");
        var body = "<form method=\"post\" action=\"/signin\" class=\"filters\">" + TokenField(http) +
            "<label>Dashboard key <input type=\"password\" name=\"key\" autofocus " +
            "autocomplete=\"current-password\" style=\"font:inherit;padding:5px 8px;min-width:260px\"></label><button type=\"submit\">Sign in</button></form>" +
            (failed ? "<p style=\"color:#b91c1c\">That key is not right.</p>" : "") +
            (auth.EntraIdConfigured ? "<p><a href=\"/\">Sign in with your Microsoft work account instead</a></p>" : "");
        return Page(http, Message("Sign in", "Enter the dashboard key your LeadBot admin gave you.", body), failed ? 401 : 200);
    }
}
