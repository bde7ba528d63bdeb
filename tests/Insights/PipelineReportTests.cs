using LeadBot.Cards;
using LeadBot.Commands;
using LeadBot.Handoff;
using LeadBot.Insights;
using LeadBot.Routing;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Insights;

public sealed class PipelineReportTests
{
    [Fact]
    public async Task Build_CountsEveryStageReached_InThePeriod()
    {
        using var app = InsightsScenario.App();
        await InsightsScenario.EmeaWeek(app);

        var view = app.Get<PipelineReport>().Build("EMEA", Week(app));

        Assert.Equal("EMEA", view.TeamName);
        Assert.Equal(new StageCounts(Qualified: 4, Offered: 4, Accepted: 2, Contacted: 1, Meeting: 1, Opportunity: 1, Won: 1, Rejected: 1), view.Stages);
        // The one rejection is "no-budget", a disqualification: a worked lead, not one against marketing (issue #21).
        Assert.Equal(1.0, view.AcceptanceRate!.Value, 3);
    }

    [Fact]
    public async Task Build_ShowsWhoIsWaiting_AndCountsServiceLevelBreaches()
    {
        using var app = InsightsScenario.App();
        var ids = await InsightsScenario.EmeaWeek(app);

        var view = app.Get<PipelineReport>().Build("EMEA", Week(app));

        var waiting = Assert.Single(view.Waiting!);
        Assert.Equal(ids.Waiting, waiting.LeadId);
        Assert.Equal("Alpen Transit", waiting.Label);
        Assert.Equal(TimeSpan.FromMinutes(10), waiting.Age);
        Assert.True(waiting.SlaBreached);
        // Luca's 6-minute claim and the lead still waiting after 10 minutes; Anna's 2-minute claim was in time.
        Assert.Equal(2, view.SlaBreaches);
    }

    [Fact]
    public async Task Build_GivesSpeedToLead_FromTheClaimTimeHistogram()
    {
        using var app = InsightsScenario.App();
        await InsightsScenario.EmeaWeek(app);

        var view = app.Get<PipelineReport>().Build("EMEA", Week(app));

        // Claims after 2 and 6 minutes; the histogram interpolates within its buckets (2–3 min, 5–7 min).
        Assert.InRange(view.SpeedToLeadMedian!.Value, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3));
        Assert.InRange(view.SpeedToLeadP90!.Value, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(7));
    }

    [Fact]
    public async Task Build_ShowsLoadPerRepAgainstCapacity()
    {
        using var app = InsightsScenario.App();
        await InsightsScenario.EmeaWeek(app);

        var view = app.Get<PipelineReport>().Build("EMEA", Week(app));

        Assert.Equal([new RepLoad("Anna Schmidt", 0, 25), new RepLoad("Luca Rossi", 1, 25), new RepLoad("Alex Wilber", 0, 25)], view.Load);
        Assert.Contains(view.UnmatchedRepWarnings!, w => w.Contains("anna.schmidt@contoso.com", StringComparison.Ordinal));
        Assert.DoesNotContain(view.UnmatchedRepWarnings!, w => w.Contains("jamie.lee@contoso.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_ForAnotherTeam_SeesNoneOfEmeasLeads()
    {
        using var app = InsightsScenario.App();
        await InsightsScenario.EmeaWeek(app);

        var view = app.Get<PipelineReport>().Build("North America", Week(app));

        Assert.Equal(new StageCounts(), view.Stages);
        Assert.Empty(view.Waiting!);
        Assert.Null(view.AcceptanceRate);
        Assert.Null(view.SpeedToLeadMedian);
    }

    [Fact]
    public async Task Today_IsTheTeamsDay_InItsTimeZone()
    {
        using var app = InsightsScenario.App();
        // Offered at 22:58 UTC on Monday (23:58 in Berlin), accepted at 23:01 UTC: already 00:01 on Tuesday in Berlin.
        app.Clock.Advance(new TimeSpan(13, 58, 0));
        var id = await InsightsScenario.Post(app, InsightsScenario.Emea("tz-1", "Nordwind"));
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(StepStatus.Done, app.Get<LeadActions>().Claim(id, new Actor(Email: SampleLeads.EmeaRep), "teams").Status);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var today = Period.Parse("today", app.Clock.GetUtcNow())!;
        var report = app.Get<PipelineReport>();

        var berlin = report.Build("EMEA", today);
        var utc = report.Build(null, today);

        Assert.Equal((0, 1), (berlin.Stages.Qualified, berlin.Stages.Accepted));
        Assert.Equal((1, 1), (utc.Stages.Qualified, utc.Stages.Accepted));
    }

    [Fact]
    public async Task PipelineCommand_FromTheTeamsManager_AnswersWithTheTeamsPipeline()
    {
        using var app = InsightsScenario.App();
        await InsightsScenario.EmeaWeek(app);

        var reply = app.Get<ChatCommands>().Handle(
            new ChatContext("teams", "conv-1", true, new Actor(Email: SampleLeads.EmeaManager)), "pipeline week");

        var view = Assert.IsType<PipelineView>(reply.View);
        Assert.Equal(("EMEA", 4, 1), (view.TeamName, view.Stages.Offered, view.Stages.Won));
    }

    [Fact]
    public async Task ChartUrl_IsSignedUnderThePublicBase_OnlyWhenOneIsConfigured()
    {
        using var local = InsightsScenario.App();
        using var published = InsightsScenario.App(new() { ["Bot:PublicBaseUrl"] = "https://leadbot.contoso.com/" });
        await InsightsScenario.EmeaWeek(local);

        Assert.Null(local.Get<PipelineReport>().Build("EMEA", Week(local)).ChartImageUrl);
        var url = published.Get<PipelineReport>().Build("EMEA", Week(published)).ChartImageUrl;
        Assert.StartsWith("https://leadbot.contoso.com/charts/funnel.png?team=EMEA&", url, StringComparison.Ordinal);
        Assert.Contains("&sig=", url, StringComparison.Ordinal);
    }

    private static Period Week(LeadBotApp app) => Period.Parse("week", app.Clock.GetUtcNow())!;
}
