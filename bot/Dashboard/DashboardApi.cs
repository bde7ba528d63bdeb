using LeadBot.Agreement;
using LeadBot.Insights;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.AspNetCore.Authentication;
using static LeadBot.Dashboard.DashboardResponses;

namespace LeadBot.Dashboard;

/// <summary>The dashboard at "/" and the agreement's scorecard page, and who may see them.</summary>
public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        DashboardEntraId.DropEntraIdUnlessConfigured(app.ServiceProvider);
        app.MapGet("/", Show).ExcludeFromDescription();
        app.MapGet("/agreement", ShowAgreement).ExcludeFromDescription();
        app.MapDashboardSignIn();
        return app;
    }

    private static async Task<IResult> Show(HttpContext http, DashboardAuth auth, Roster roster, Router router, PipelineReport pipeline,
        FeedbackReport feedback, ChartLinks charts, IReportAggregates store, TimeProvider clock)
    {
        var (viewer, refused) = await ViewerAsync(http, auth, roster);
        if (refused is not null) return refused;
        var seesAll = viewer is null || viewer.IsManager || viewer.IsMarketing;
        var visible = router.Teams.Where(t => seesAll || viewer!.CanWork(t.Name)).Select(t => t.Name).ToList();
        var q = http.Request.Query;
        string? Param(string name) => q[name].ToString() is { Length: > 0 } v ? v.Trim() : null;
        var team = router.Team(Param("team"))?.Name;
        // A rep sees their own team, as with "pipeline" in chat: another team (or all of them) is not on offer.
        if (!seesAll && (team is null || !visible.Contains(team, StringComparer.OrdinalIgnoreCase))) team = visible.FirstOrDefault();
        if (!seesAll && team is null)
            return Page(http, Message("No team", $"{viewer!.Name}, you are on no sales team, so there is no pipeline to show you.", SignOutButton(http)), 403);
        var filter = new InsightsFilter(team, Param("source"), Param("campaign"));
        var now = clock.GetUtcNow();
        var word = Param("period") ?? "week";
        var zone = pipeline.ZoneOf(router.Team(team));
        if (Period.Parse(word, now, zone) is not { } period)
            return Page(http, Message("Unknown period", Period.Refusal(word)), 400);

        var view = pipeline.For(filter, period);
        var fb = feedback.For(filter, period);
        var known = store.CounterTotals(period.From, period.To, team);
        var model = new DashboardModel(filter, word, view, fb, pipeline.WaitingCount(filter),
            visible,
            known.Select(r => r.Source).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList(),
            known.Select(r => r.Campaign).Where(c => c.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList(),
            charts.Path(new ChartRequest(Charts.Funnel, filter.Team, filter.Source, filter.Campaign, period.From, period.To, $"{view.TeamName} · {view.PeriodLabel}")),
            charts.Path(new ChartRequest(Charts.Reasons, filter.Team, filter.Source, filter.Campaign, period.From, period.To, $"Rejection reasons · {fb.ScopeLabel} · {fb.PeriodLabel}")),
            viewer?.Name, seesAll, viewer is null ? "" : TokenField(http));
        return Page(http, DashboardPage.Render(model), 200);
    }

    /// <summary>The agreement's scorecard page: the same figures as <c>agreement</c> in chat, for the teams the viewer may see.</summary>
    private static async Task<IResult> ShowAgreement(HttpContext http, DashboardAuth auth, Roster roster, Router router, Scorecard scorecard, TimeProvider clock)
    {
        var (viewer, refused) = await ViewerAsync(http, auth, roster);
        if (refused is not null) return refused;
        var seesAll = viewer is null || viewer.IsManager || viewer.IsMarketing;
        var visible = router.Teams.Where(t => seesAll || viewer!.CanWork(t.Name)).Select(t => t.Name).ToList();
        if (visible.Count == 0)
            return Page(http, Message("No team", $"{viewer!.Name}, you are on no sales team, so there is no scorecard to show you.", SignOutButton(http)), 403);
        var word = http.Request.Query["period"].ToString() is { Length: > 0 } p ? p.Trim() : "month";
        if (Period.Parse(word, clock.GetUtcNow()) is not { } period) return Page(http, Message("Unknown period", Period.Refusal(word)), 400);
        var team = router.Team(http.Request.Query["team"].ToString() is { Length: > 0 } t ? t.Trim() : null)?.Name;
        if (team is not null && !visible.Contains(team, StringComparer.OrdinalIgnoreCase)) team = null;
        var score = scorecard.Build(period, team);
        // A rep sees their own team's side of the deal, as with the pipeline.
        score = score with { Teams = [.. score.Teams.Where(s => visible.Contains(s.Team, StringComparer.OrdinalIgnoreCase))] };
        return Page(http, AgreementPage.Render(new AgreementPageModel(score, word, team, visible, seesAll, viewer?.Name, viewer is null ? "" : TokenField(http))), 200);
    }

    /// <summary>
    /// The one access rule of every dashboard page: this machine, a key session or an Entra ID sign-in of someone on a
    /// roster. Answers the viewer (null for a key session or local mode, which see every team), or the page to answer instead.
    /// </summary>
    private static async Task<(Rep? Viewer, IResult? Refused)> ViewerAsync(HttpContext http, DashboardAuth auth, Roster roster)
    {
        if (!auth.IsAllowed(http))
        {
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
            var actor = DashboardEntraId.ActorOf(signedIn.Principal!);
            if (roster.Find(actor) is not { } viewer)
            {
                return (null, Page(http, Message("Not on a roster",
                    $"You are signed in as {actor}, who is not on a LeadBot sales or marketing roster, so LeadBot has no figures for you. Ask your LeadBot admin to add you.",
                    SignOutButton(http)), 403));
            }
            return (viewer, null);
        }
        return (null, null);
    }
}
