using LeadBot.Channels.Teams;
using LeadBot.Routing;
using Microsoft.AspNetCore.Authentication;
using static LeadBot.Dashboard.DashboardResponses;

namespace LeadBot.Dashboard;

/// <summary>
/// Who is looking at a dashboard page or export: what they may see (<see cref="Viewer"/>), and the words beside the
/// sign-out button ("Signed in as …"; null on this machine, where nobody signed in and there is nothing to sign out of).
/// </summary>
public sealed record DashboardViewer(Viewer Viewer, string? SignedIn);

/// <summary>
/// The one access rule of every dashboard page and export: this machine (local mode) or a key session, which are not
/// people and see everything (<see cref="Viewer.Unrestricted"/>), or an Entra ID sign-in of someone LeadBot knows, who
/// sees what <see cref="Visibility"/> says they may. Anyone else gets the sign-in, or a page that says why not.
/// </summary>
public sealed class DashboardAccess(DashboardAuth auth, Visibility visibility, TeamsConversations teamsPeople)
{
    /// <summary>The viewer, or the answer to give instead (a redirect to sign in, or a refusal page).</summary>
    public async Task<(DashboardViewer? Viewer, IResult? Refused)> ResolveAsync(HttpContext http)
    {
        if (auth.IsAllowed(http)) return (new DashboardViewer(Viewer.Unrestricted, auth.KeyConfigured ? "Signed in with the dashboard key" : null), null);
        if (!auth.EntraIdConfigured)
        {
            return (null, auth.KeyConfigured
                ? Results.Redirect("/signin")
                : Page(http, Message("Local mode", "No Dashboard:SignInKey is configured, so the dashboard only answers on the machine the bot runs on."), 403));
        }
        var signedIn = await http.AuthenticateAsync(DashboardEntraId.CookieScheme);
        if (!signedIn.Succeeded && http.Request.Headers["Sec-Fetch-Dest"] == "iframe")
        {
            // Inside a frame (the Teams tab) Entra's sign-in page refuses to show, so a redirect there would leave a
            // blank tab: the key form if there is one, else a way out to the browser.
            return (null, auth.KeyConfigured
                ? Results.Redirect("/signin")
                : Page(http, Message("Sign in", "Microsoft Entra ID sign-in cannot be shown inside Teams. Open the dashboard in your browser to sign in.",
                    $"<p><a href=\"{DashboardPage.H(http.Request.PathBase + http.Request.Path + http.Request.QueryString)}\" target=\"_blank\" rel=\"noopener\">Open the dashboard</a></p>"), 401));
        }
        if (!signedIn.Succeeded)
        {
            if (await DashboardEntraId.UnreachableAsync(http) is { } problem)
                return (null, Page(http, Message("Sign-in unavailable", $"Microsoft Entra ID cannot be reached from LeadBot right now ({problem}). Try again in a minute, or ask your LeadBot admin."), 503));
            var back = http.Request.PathBase + http.Request.Path + http.Request.QueryString;
            return (null, Results.Challenge(new AuthenticationProperties { RedirectUri = back }, [DashboardEntraId.OidcScheme]));
        }
        var actor = Unclaimed(DashboardEntraId.ActorOf(signedIn.Principal!));
        var viewer = visibility.Of(actor);
        if (!viewer.Known)
        {
            return (null, Page(http, Message("Not on a roster",
                $"You are signed in as {actor}, who is not on a LeadBot sales or marketing roster, so LeadBot has no figures for you. Ask your LeadBot admin to add you.",
                SignOutButton(http)), 403));
        }
        return (new DashboardViewer(viewer, "Signed in as " + (viewer.Person?.Name ?? actor.ToString())), null);
    }

    /// <summary>The viewer and the scope of the team asked for in the query string, or the answer to give instead.</summary>
    public async Task<(DashboardViewer? Viewer, DashboardScope? Scope, IResult? Refused)> ScopeAsync(HttpContext http, Router router)
    {
        var (who, refused) = await ResolveAsync(http);
        if (who is null) return (null, null, refused);
        var (scope, status, refusal) = DashboardScope.For(who.Viewer, router, http.Request.Query["team"].ToString());
        if (scope is not null) return (who, scope, null);
        var title = status == StatusCodes.Status400BadRequest ? "Unknown team" : "Not your team";
        return (who, null, Page(http, Message(title, refusal!, who.SignedIn is null ? "<p><a href=\"/\">Back to the dashboard</a></p>" : SignOutButton(http)), status));
    }

    /// <summary>
    /// The Entra object id is the person; the email only helps find someone configured by email. An email Teams has
    /// already seen on another object id belongs to that person, so this sign-in is not matched by it (as in chat).
    /// </summary>
    private Actor Unclaimed(Actor actor) =>
        actor.Email is { Length: > 0 } email && teamsPeople.EmailBelongsToAnother(email, actor.TeamsAadObjectId, tenantId: null)
            ? actor with { Email = null }
            : actor;
}
