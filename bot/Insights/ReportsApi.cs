using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using LeadBot.Access;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadBot.Insights;

/// <summary>
/// CSV exports behind the intake API key: leads received in a period (streamed an hour of leads at a time, so a quarter
/// of a busy year never sits in memory) and the feedback table by source and campaign.
/// </summary>
public static class ReportsApi
{
    private const int SliceMax = 5000;
    private static readonly CsvConfiguration Csv = new(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").RequireApiKey(ApiScopes.Reports).WithTags("Reports");
        reports.MapGet("leads.csv", Leads).Produces<string>(StatusCodes.Status200OK, "text/csv");
        reports.MapGet("feedback.csv", Feedback).Produces<string>(StatusCodes.Status200OK, "text/csv");
        return app;
    }

    private static Results<PushStreamHttpResult, ProblemHttpResult> Leads(string? period, string? team, Router router, PipelineReport pipeline, ILeadRecords store, TimeProvider clock)
    {
        var t = router.Team(team);
        if (team is not null && t is null) return Problem($"There is no team called \"{team}\".");
        if (Period.Parse(period, clock.GetUtcNow(), pipeline.ZoneOf(t)) is not { } p) return Problem(Period.Refusal(period));
        return LeadsCsv(store, p, l => t is null || string.Equals(l.Team, t.Name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The leads received in <paramref name="p"/> that <paramref name="include"/> keeps (the dashboard's export keeps the viewer's).</summary>
    public static PushStreamHttpResult LeadsCsv(ILeadRecords store, Period p, Func<Lead, bool> include) =>
        TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body);
            await using var csv = new CsvWriter(writer, Csv);
            foreach (var h in LeadHeader) csv.WriteField(h);
            await csv.NextRecordAsync();
            for (var from = p.From; from < p.To; from = from.AddHours(1))
            {
                var to = from.AddHours(1) < p.To ? from.AddHours(1) : p.To;
                foreach (var lead in Slice(store, from, to).Where(include))
                {
                    WriteLead(csv, lead);
                    await csv.NextRecordAsync();
                }
            }
        }, "text/csv; charset=utf-8", $"leads-{FileLabel(p)}.csv");

    /// <summary>The leads received in [from, to), in arrival order; a slice too full to read at once is halved.</summary>
    private static IEnumerable<Lead> Slice(ILeadRecords store, DateTimeOffset from, DateTimeOffset to)
    {
        var leads = store.FindLeads(new LeadQuery { ReceivedFrom = from, ReceivedTo = to, Limit = SliceMax + 1 });
        if (leads.Count > SliceMax && to - from > TimeSpan.FromSeconds(1))
        {
            var middle = from + (to - from) / 2;
            return Slice(store, from, middle).Concat(Slice(store, middle, to));
        }
        return leads.OrderBy(l => l.ReceivedAt).ThenBy(l => l.Id, StringComparer.Ordinal);
    }

    private static readonly string[] LeadHeader =
    [
        "id", "source", "externalId", "campaign", "receivedAt", "state", "team", "score", "company", "industry", "employees", "country", "region",
        "offeredAt", "owner", "claimedAt", "minutesToClaim", "rejectedBy", "rejectionReason", "rejectionComment", "amount", "updatedAt",
    ];

    // Contact details stay out: the export is for counting and joining (source + externalId), not for a mailing list.
    private static void WriteLead(CsvWriter csv, Lead l)
    {
        string? At(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var since = l.OfferedAt ?? l.ReceivedAt;
        string?[] fields =
        [
            l.Id, l.Source, l.ExternalId, l.Campaign, At(l.ReceivedAt), l.State.Name(), l.Team, l.Score?.ToString(CultureInfo.InvariantCulture),
            l.Company?.Name, l.Company?.Industry, l.Company?.Employees?.ToString(CultureInfo.InvariantCulture), l.Company?.Country, l.Company?.Region,
            At(l.OfferedAt), l.Owner?.Email, At(l.ClaimedAt),
            l.ClaimedAt is { } c ? Math.Round((c - since).TotalMinutes, 1).ToString(CultureInfo.InvariantCulture) : null,
            string.Join(' ', l.RejectedBy), l.RejectionReason, l.RejectionComment, l.Amount?.ToString(CultureInfo.InvariantCulture), At(l.UpdatedAt),
        ];
        foreach (var f in fields) csv.WriteField(f ?? "");
    }

    private static Results<PushStreamHttpResult, ProblemHttpResult> Feedback(
        string? period, string? team, string? source, string? campaign, Router router, PipelineReport pipeline, FeedbackReport feedback, TimeProvider clock)
    {
        var t = router.Team(team);
        if (team is not null && t is null) return Problem($"There is no team called \"{team}\".");
        if (Period.Parse(period, clock.GetUtcNow(), t is null ? feedback.Zone : pipeline.ZoneOf(t)) is not { } p) return Problem(Period.Refusal(period));
        return FeedbackCsv(feedback, new InsightsFilter(t?.Name, source, campaign), p);
    }

    /// <summary>One row per source and campaign, one column per rejection reason (also the dashboard's export).</summary>
    public static PushStreamHttpResult FeedbackCsv(FeedbackReport feedback, InsightsFilter filter, Period p)
    {
        var view = feedback.For(filter, p);
        var reasons = view.Reasons?.Select(r => r.ReasonCode).ToList() ?? [];
        var byRow = feedback.ReasonsByRow(filter, p);
        return TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body);
            await using var csv = new CsvWriter(writer, Csv);
            foreach (var h in FeedbackHeader.Concat(reasons.Select(r => "reason:" + r))) csv.WriteField(h);
            await csv.NextRecordAsync();
            foreach (var r in view.Rows)
            {
                csv.WriteField(r.Source);
                csv.WriteField(r.Campaign ?? "");
                foreach (var n in new[] { r.Offered, r.Accepted, r.Rejected }) csv.WriteField(n);
                csv.WriteField(r.AcceptanceRate is { } rate ? Math.Round(rate, 3).ToString(CultureInfo.InvariantCulture) : "");
                csv.WriteField(r.Opportunities);
                csv.WriteField(r.Won);
                foreach (var reason in reasons) csv.WriteField(byRow.GetValueOrDefault((r.Source, r.Campaign ?? "", reason)));
                await csv.NextRecordAsync();
            }
        }, "text/csv; charset=utf-8", $"feedback-{FileLabel(p)}.csv");
    }

    private static readonly string[] FeedbackHeader = ["source", "campaign", "offered", "accepted", "rejected", "acceptanceRate", "opportunities", "won"];

    private static string FileLabel(Period p) => p.From.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + p.To.AddTicks(-1).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static ProblemHttpResult Problem(string detail) => TypedResults.Problem(title: "Bad request", detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
