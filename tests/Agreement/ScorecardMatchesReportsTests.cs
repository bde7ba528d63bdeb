using System.Text.Json.Nodes;
using LeadBot.Cards;
using LeadBot.Commands;
using LeadBot.Routing;
using LeadBot.Tests.Storage;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Agreement;

/// <summary>
/// The scorecard (GET /api/agreement/scorecard) says the same as the reports for the same period: per team, the
/// pipeline a manager gets in chat (offered, accepted, rejected, acceptance rate); over all teams, the feedback report
/// marketing gets (offered, accepted, rejected, and the rejections against marketing by reason). On both stores.
/// </summary>
public sealed class ScorecardMatchesReportsTests
{
    [Fact]
    public async Task ScorecardEqualsPipelineAndFeedback_LiteDb()
    {
        using var app = new LeadBotApp();
        await Check(app);
    }

    [Fact]
    public async Task ScorecardEqualsPipelineAndFeedback_PostgreSql()
    {
        using var schema = TestPostgres.NewSchema();
        using var app = new LeadBotApp(new() { ["Storage:Provider"] = "PostgreSQL", ["ConnectionStrings:LeadBot"] = schema.ConnectionString });
        await Check(app);
    }

    private static async Task Check(LeadBotApp app)
    {
        var api = app.Api();
        // EMEA: accepted and worked (an outcome, a disqualification after contact), rejected for reasons of both kinds, one waiting.
        var emea = new List<string>();
        foreach (var i in Enumerable.Range(1, 9)) emea.Add((string)(await AgreementScenario.Post(api, "/api/leads", SampleLeads.Emea($"sc-emea-{i}"), System.Net.HttpStatusCode.Created))["id"]!);
        foreach (var id in emea.Take(4)) await AgreementScenario.Post(api, $"/api/leads/{id}/accept", new { rep = SampleLeads.EmeaRep }, System.Net.HttpStatusCode.OK);
        await AgreementScenario.Post(api, $"/api/leads/{emea[0]}/outcome", new { rep = SampleLeads.EmeaRep, outcome = "contacted" }, System.Net.HttpStatusCode.OK);
        await AgreementScenario.Post(api, $"/api/leads/{emea[1]}/outcome", new { rep = SampleLeads.EmeaRep, outcome = "disqualified" }, System.Net.HttpStatusCode.OK);
        var reasons = new[] { "not-icp:wrong-industry", "no-budget", "spam", "unable-to-reach" };
        foreach (var (id, reason) in emea.Skip(4).Zip(reasons))
            await AgreementScenario.Post(api, $"/api/leads/{id}/reject", new { rep = SampleLeads.EmeaRep2, reason, comment = "checked" }, System.Net.HttpStatusCode.OK);
        // North America: two leads, one rejected as the wrong region; the Retail ones go to EMEA and are rejected too.
        var na = new List<string>();
        foreach (var i in Enumerable.Range(1, 2)) na.Add((string)(await AgreementScenario.Post(api, "/api/leads", SampleLeads.NorthAmerica($"sc-na-{i}"), System.Net.HttpStatusCode.Created))["id"]!);
        var naTeam = app.Store.Find(na[0])!.Team!;
        var naRep = app.Get<Router>().Team(naTeam)!.Members[0].Email;
        await AgreementScenario.Post(api, $"/api/leads/{na[0]}/reject", new { rep = naRep, reason = "not-icp:wrong-region" }, System.Net.HttpStatusCode.OK);
        await AgreementScenario.RetailRejected(api, count: 3, prefix: "sc-retail");

        var commands = app.Get<ChatCommands>();
        foreach (var period in new[] { "today", "week", "month" })
        {
            var scorecard = await (await api.GetAsync($"/api/agreement/scorecard?period={period}")).BodyAsync();
            var teams = scorecard["teams"]!.AsArray().Select(t => t!.AsObject()).ToList();
            Assert.Equal(app.Get<Router>().Teams.Select(t => t.Name), teams.Select(t => (string?)t["team"]));
            foreach (var team in teams)
            {
                var name = (string)team["team"]!;
                var manager = app.Get<Router>().Team(name)!.Managers[0].Email;
                var pipeline = Assert.IsType<PipelineView>(commands.Handle(Chat(manager), $"pipeline {name} {period}").View);
                Assert.Equal(
                    (pipeline.Stages.Offered, pipeline.Stages.Accepted, pipeline.Stages.Rejected, pipeline.AcceptanceRate),
                    ((int)team["delivered"]!, (int)team["accepted"]!, (int)team["rejected"]!, (double?)team["acceptanceRate"]));
            }
            var feedback = Assert.IsType<FeedbackView>(commands.Handle(Chat(AgreementScenario.Marketer), $"feedback {period}").View);
            Assert.Equal(
                (feedback.Rows.Sum(r => r.Offered), feedback.Rows.Sum(r => r.Accepted), feedback.Rows.Sum(r => r.Rejected)),
                (teams.Sum(t => (int)t["delivered"]!), teams.Sum(t => (int)t["accepted"]!), teams.Sum(t => (int)t["rejected"]!)));
            var againstMarketing = (feedback.Reasons ?? []).Where(r => RejectionReasons.CountsAgainstMarketing(r.ReasonCode)).ToDictionary(r => r.ReasonCode, r => r.Count);
            var scored = teams.SelectMany(t => t["rejections"]!.AsArray()).GroupBy(r => (string)r!["reasonCode"]!).ToDictionary(g => g.Key, g => g.Sum(r => (int)r!["count"]!));
            Assert.Equal(againstMarketing.OrderBy(kv => kv.Key), scored.OrderBy(kv => kv.Key));
        }

        // Not vacuous: the figures this checks are the ones the scenario made.
        var emeaScore = (await (await api.GetAsync("/api/agreement/scorecard?period=week&team=EMEA")).BodyAsync())["teams"]![0]!;
        Assert.Equal((9 + 3, 4, 4 + 3), ((int)emeaScore["delivered"]!, (int)emeaScore["accepted"]!, (int)emeaScore["rejected"]!));
        Assert.Equal(5, (int)emeaScore["rejectedAgainstMarketing"]!); // wrong industry ×4 (with Retail), spam
    }

    private static ChatContext Chat(string email) => new("teams", "a:test", true, new Actor(Email: email));
}
