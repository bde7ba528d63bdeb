using LeadBot.Insights;
using LeadBot.Routing;
using LeadBot.Storage;
using static LeadBot.Dashboard.DashboardResponses;

namespace LeadBot.Dashboard;

/// <summary>
/// The dashboard's CSV exports (<c>/dashboard/leads.csv</c>, <c>/dashboard/feedback.csv</c>): the same files as the
/// reports API, for a browser signed in to the dashboard (no API key), cut to the viewer's scope like the page that
/// links them. A lead list holds only leads the viewer may see one by one (<see cref="Viewer.SeesLead"/>).
/// </summary>
public static class DashboardExports
{
    public static IEndpointRouteBuilder MapDashboardExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard/leads.csv", Leads).ExcludeFromDescription();
        app.MapGet("/dashboard/feedback.csv", Feedback).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Leads(HttpContext http, DashboardAccess access, Router router, PipelineReport pipeline, ILeadRecords store, TimeProvider clock)
    {
        var (_, scope, refused) = await access.ScopeAsync(http, router);
        if (refused is not null) return refused;
        scope = scope!.WithDefaultTeam();
        var word = http.Request.Query["period"].ToString();
        if (Period.Parse(word, clock.GetUtcNow(), pipeline.ZoneOf(router.Team(scope.Team))) is not { } period)
            return Page(http, Message("Unknown period", Period.Refusal(word)), 400);
        NoStore(http);
        return ReportsApi.LeadsCsv(store, period, scope.Lists);
    }

    private static async Task<IResult> Feedback(HttpContext http, DashboardAccess access, Router router, PipelineReport pipeline, FeedbackReport feedback, TimeProvider clock)
    {
        var (_, scope, refused) = await access.ScopeAsync(http, router);
        if (refused is not null) return refused;
        scope = scope!.WithDefaultTeam();
        if (!scope.ShowsFeedback)
            return Page(http, Message("Not your team", "Feedback (rejection reasons by source and campaign) is for the team's managers, marketing and LeadBot admins."), 403);
        var word = http.Request.Query["period"].ToString();
        var zone = scope.Team is null ? feedback.Zone : pipeline.ZoneOf(router.Team(scope.Team));
        if (Period.Parse(word, clock.GetUtcNow(), zone) is not { } period) return Page(http, Message("Unknown period", Period.Refusal(word)), 400);
        string? Param(string name) => http.Request.Query[name].ToString() is { Length: > 0 } v ? v.Trim() : null;
        NoStore(http);
        return ReportsApi.FeedbackCsv(feedback, new InsightsFilter(scope.Team, Param("source"), Param("campaign")), period);
    }

    // Lead lists name customers and reps: no cache (a shared proxy, the browser's disk) keeps a copy.
    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";
}
