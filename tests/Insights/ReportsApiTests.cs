using System.Net;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Insights;

public sealed class ReportsApiTests
{
    [Fact]
    public async Task LeadsCsv_ListsThePeriodsLeads_InArrivalOrder_ForTheTeam()
    {
        using var app = InsightsScenario.App();
        var ids = await InsightsScenario.EmeaWeek(app);
        await InsightsScenario.Post(app, SampleLeads.NorthAmerica("na-csv"));

        var response = await app.Api().GetAsync("/api/reports/leads.csv?period=week&team=EMEA");
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd().Split("\r\n");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("id,source,externalId,campaign,receivedAt,state,team", lines[0], StringComparison.Ordinal);
        // All four arrived in the same instant: ties are in id order.
        Assert.Equal(new[] { ids.Won, ids.Late, ids.Rejected, ids.Waiting }.Order(StringComparer.Ordinal), lines.Skip(1).Select(l => l.Split(',')[0]));
        var won = lines.Single(l => l.StartsWith(ids.Won, StringComparison.Ordinal)).Split(',');
        Assert.Equal(("won", "anna.schmidt@contoso.com", "2"), (won[5], won[14], won[16]));
        Assert.DoesNotContain("@nordwind.example", string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeadsCsv_EscapesFormulas_SoASpreadsheetDoesNotRunThem()
    {
        using var app = InsightsScenario.App();
        await InsightsScenario.Post(app, InsightsScenario.Emea("f-1", "=HYPERLINK(\"http://evil\",\"x\")"));

        var csv = await app.Api().GetStringAsync("/api/reports/leads.csv?period=today");

        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeedbackCsv_HasOneRowPerSourceAndCampaign_WithAColumnPerReason()
    {
        using var app = InsightsScenario.App();
        await InsightsScenario.EmeaWeek(app);

        var lines = (await app.Api().GetStringAsync("/api/reports/feedback.csv?period=week")).TrimEnd().Split("\r\n");

        Assert.Equal(
        [
            "source,campaign,offered,accepted,rejected,acceptanceRate,opportunities,won,reason:no-budget",
            "hubspot,Webinar Q4,3,2,0,1,1,1,0",
            "hubspot,Trade Fair,1,0,1,1,0,0,1", // no-budget is a disqualification: no mark against marketing
        ], lines);
    }

    [Theory]
    [InlineData("/api/reports/leads.csv")]
    [InlineData("/api/reports/feedback.csv")]
    public async Task Exports_NeedTheApiKey(string url)
    {
        using var app = InsightsScenario.App();

        var response = await app.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/reports/leads.csv?period=fortnight")]
    [InlineData("/api/reports/feedback.csv?team=Nowhere")]
    public async Task Exports_ExplainABadFilter(string url)
    {
        using var app = InsightsScenario.App();

        var response = await app.Api().GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/reports/leads.csv?period=2016-01-01..2026-11-30", "at most 400 days, and 2016-01-01..2026-11-30 is 3987")]
    [InlineData("/api/reports/feedback.csv?period=2025-11-01..2026-12-06", "at most 400 days, and 2025-11-01..2026-12-06 is 401")]
    [InlineData("/api/agreement/scorecard?period=2000-01-01..2026-11-30", "at most 400 days")]
    [InlineData("/api/reports/leads.csv?period=2026-11-30..2026-11-01", "ends before it starts")]
    public async Task AReportPeriodBeyondTheCap_OrBackwards_IsRefusedWithTheReason_BeforeAnythingIsRead(string url, string reason)
    {
        using var app = InsightsScenario.App();

        var response = await app.Api().GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, (string?)(await response.BodyAsync())["detail"]);
    }

    [Fact]
    public async Task APeriodOfExactlyTheCap_IsAnswered()
    {
        using var app = InsightsScenario.App();

        var response = await app.Api().GetAsync("/api/reports/leads.csv?period=2025-11-01..2026-12-05");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
