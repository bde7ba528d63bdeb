using LeadBot.Agreement;
using LeadBot.Insights;
using LeadBot.Routing;
using LeadBot.Storage;
using static LeadBot.Dashboard.DashboardResponses;

namespace LeadBot.Dashboard;

/// <summary>The dashboard at "/" and the agreement's scorecard page, each showing a viewer only what their scope allows.</summary>
public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        DashboardEntraId.DropEntraIdUnlessConfigured(app.ServiceProvider);
        app.MapGet("/", Show).ExcludeFromDescription();
        app.MapGet("/agreement", ShowAgreement).ExcludeFromDescription();
        app.MapDashboardSignIn();
        app.MapDashboardExports();
        return app;
    }

    private static async Task<IResult> Show(HttpContext http, DashboardAccess access, Router router, PipelineReport pipeline,
        FeedbackReport feedback, ChartLinks charts, IReportAggregates store, TimeProvider clock)
    {
        var (who, scope, refused) = await access.ScopeAsync(http, router);
        if (refused is not null) return refused;
        // A rep sees their own team, as with "pipeline" in chat: "All teams" is not on offer to them.
        scope = scope!.WithDefaultTeam();
        var q = http.Request.Query;
        string? Param(string name) => q[name].ToString() is { Length: > 0 } v ? v.Trim() : null;
        var team = scope.Team;
        var filter = new InsightsFilter(team, Param("source"), Param("campaign"));
        var word = Param("period") ?? "week";
        if (Period.Parse(word, clock.GetUtcNow(), pipeline.ZoneOf(router.Team(team))) is not { } period)
            return Page(http, Message("Unknown period", Period.Refusal(word)), 400);

        // What the viewer may not see is not computed at all, so no chart link or count of it reaches the page.
        var view = scope.ShowsPipeline ? pipeline.For(filter, period) : null;
        var fb = scope.ShowsFeedback ? feedback.For(filter, period) : null;
        var known = store.CounterTotals(period.From, period.To, team);
        var model = new DashboardModel(filter, word, view, fb, view is null ? 0 : pipeline.WaitingCount(filter),
            scope.Teams,
            known.Select(r => r.Source).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList(),
            known.Select(r => r.Campaign).Where(c => c.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList(),
            view is null ? null : charts.Path(new ChartRequest(Charts.Funnel, filter.Team, filter.Source, filter.Campaign, period.From, period.To, $"{view.TeamName} · {view.PeriodLabel}")),
            fb is null ? null : charts.Path(new ChartRequest(Charts.Reasons, filter.Team, filter.Source, filter.Campaign, period.From, period.To, $"Rejection reasons · {fb.ScopeLabel} · {fb.PeriodLabel}")),
            who!.SignedIn, scope.AllTeams, who.SignedIn is null ? "" : TokenField(http));
        return Page(http, DashboardPage.Render(model), 200);
    }

    /// <summary>The agreement's scorecard page: the same figures as <c>agreement</c> in chat, for the teams the viewer may see.</summary>
    private static async Task<IResult> ShowAgreement(HttpContext http, DashboardAccess access, Router router, Scorecard scorecard, TimeProvider clock)
    {
        var (who, scope, refused) = await access.ScopeAsync(http, router);
        if (refused is not null) return refused;
        var word = http.Request.Query["period"].ToString() is { Length: > 0 } p ? p.Trim() : "month";
        if (Period.Parse(word, clock.GetUtcNow()) is not { } period) return Page(http, Message("Unknown period", Period.Refusal(word)), 400);
        // No team asked for: every team the viewer sees, each on its own (a manager of two teams sees both).
        var score = scorecard.Build(period, scope!.Team, scope.Viewer.SeesScorecardOf);
        return Page(http, AgreementPage.Render(new AgreementPageModel(score, word, scope.Team, scope.Teams, scope.AllTeams, who!.SignedIn,
            who.SignedIn is null ? "" : TokenField(http))), 200);
    }
}
