using LeadBot.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadBot.Insights;

/// <summary>GET /charts/{name}.png: the only permission is the URL's signature, because chat platforms fetch it anonymously.</summary>
public static class ChartsApi
{
    public static IEndpointRouteBuilder MapCharts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/charts/{file}", Get).ExcludeFromDescription();
        return app;
    }

    private static Results<FileContentHttpResult, NotFound, ProblemHttpResult> Get(string file, HttpContext http, ChartLinks links, ILeadStore store)
    {
        if (!file.EndsWith(".png", StringComparison.Ordinal)) return TypedResults.NotFound();
        var request = links.Verify(file[..^4], http.Request.Query);
        if (request is null)
            return TypedResults.Problem(title: "Forbidden", detail: "This chart link is not valid or has expired.", statusCode: StatusCodes.Status403Forbidden);
        var tally = Tally.Read(store, new InsightsFilter(request.Team, request.Source, request.Campaign), request.From, request.To);
        var png = request.Name == Charts.Funnel ? Charts.FunnelPng(tally.Stages(), request.Label) : Charts.ReasonsPng(tally.Reasons(), request.Label);
        // Figures change as leads move; a few minutes of caching spares a busy channel without showing stale pictures for long.
        http.Response.Headers.CacheControl = "private, max-age=300";
        return TypedResults.File(png, "image/png");
    }
}
