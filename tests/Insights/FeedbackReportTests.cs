using LeadBot.Cards;
using LeadBot.Commands;
using LeadBot.Handoff;
using LeadBot.Insights;
using LeadBot.Routing;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Insights;

public sealed class FeedbackReportTests
{
    [Fact]
    public async Task Build_GivesAcceptanceAndConversion_BySourceAndCampaign()
    {
        using var app = InsightsScenario.App();
        await InsightsScenario.EmeaWeek(app);

        var view = app.Get<FeedbackReport>().Build(null, Week(app));

        Assert.Equal(FeedbackReport.AllSources, view.ScopeLabel);
        // Trade Fair's rejection is "no-budget", a disqualification, so its acceptance stays 100 %.
        Assert.Equal(
            [new FeedbackRow("hubspot", "Webinar Q4", 3, 2, 0, 1.0, 1, 1), new FeedbackRow("hubspot", "Trade Fair", 1, 0, 1, 1.0, 0, 0)],
            view.Rows);
        Assert.Equal([new ReasonCount("no-budget", 1)], view.Reasons);
    }

    [Fact]
    public async Task Build_QuotesTheLatestCommentsVerbatim()
    {
        using var app = InsightsScenario.App();
        const string comment = "Budget frozen <until> Q3 — \"call back\" & ask for Jens";
        await InsightsScenario.EmeaWeek(app, comment);

        var view = app.Get<FeedbackReport>().Build(null, Week(app));

        var c = Assert.Single(view.LatestComments!);
        Assert.Equal((comment, "no-budget", "Anna Schmidt", "Baltic Cargo"), (c.Comment, c.ReasonCode, c.Who, c.LeadLabel));
    }

    [Fact]
    public async Task Build_ForACampaignOrASource_NarrowsEverything()
    {
        using var app = InsightsScenario.App();
        await InsightsScenario.EmeaWeek(app);
        var marketo = SampleLeads.NorthAmerica("na-feedback");
        await InsightsScenario.Post(app, marketo);
        var report = app.Get<FeedbackReport>();

        var campaign = report.Build("trade fair", Week(app));
        var source = report.Build("Marketo", Week(app));

        Assert.Equal(("Trade Fair", 1, 1), (campaign.Rows.Single().Campaign, campaign.Rows.Single().Rejected, campaign.LatestComments!.Count));
        var row = Assert.Single(source.Rows);
        Assert.Equal(("marketo", 1, 0), (row.Source, row.Offered, row.Rejected));
        Assert.Empty(source.LatestComments!);
        Assert.Empty(source.Reasons!);
    }

    [Fact]
    public async Task FeedbackCommand_FromAMarketer_AnswersWithFeedback_AndARepIsRefused()
    {
        using var app = InsightsScenario.App();
        await InsightsScenario.EmeaWeek(app);
        var commands = app.Get<ChatCommands>();

        var marketer = commands.Handle(new ChatContext("slack", "D1", true, new Actor(Email: "mia.marketing@contoso.com")), "feedback hubspot month");
        var rep = commands.Handle(new ChatContext("slack", "D2", true, new Actor(Email: SampleLeads.EmeaRep)), "feedback");

        Assert.Equal(4, Assert.IsType<FeedbackView>(marketer.View).Rows.Sum(r => r.Offered));
        Assert.IsType<Problem>(rep.View);
    }

    private static Period Week(LeadBotApp app) => Period.Parse("week", app.Clock.GetUtcNow())!;
}
