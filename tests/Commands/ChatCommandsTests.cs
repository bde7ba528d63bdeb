using LeadBot.Cards;
using LeadBot.Channels;
using LeadBot.Commands;
using LeadBot.Routing;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Commands;

public sealed class ChatCommandsTests : IDisposable
{
    private readonly LeadBotApp _app = new();
    private ChatCommands Commands => _app.Get<ChatCommands>();

    public void Dispose() => _app.Dispose();

    private static ChatContext From(string email, string conversation = "19:channel@thread.tacv2", bool personal = false) =>
        new("teams", conversation, personal, new Actor(Email: email, DisplayName: email));

    [Theory]
    [InlineData("")]
    [InlineData("hello there")]
    [InlineData("help")]
    public void UnknownOrEmptyText_GetsHelp(string text)
    {
        var reply = Commands.Handle(From(SampleLeads.EmeaRep), text);

        var help = Assert.IsType<HelpView>(reply.View);
        Assert.Contains(help.Commands, c => c.Command == "my leads");
    }

    [Fact]
    public void Subscribe_StoresTheConversationForTheTeam_AndMovesIt()
    {
        var first = Commands.Handle(From(SampleLeads.EmeaManager), "subscribe emea");
        // Moving EMEA's channel to North America changes both teams' feeds: an admin's call.
        var moved = Commands.Handle(From(ChannelChangeAttackTests.Admin), "subscribe North America");

        Assert.Equal("This conversation now receives new EMEA leads.", Assert.IsType<Notice>(first.View).Text);
        Assert.False(first.Ephemeral);
        Assert.Equal("This conversation now receives new North America leads (instead of EMEA).", Assert.IsType<Notice>(moved.View).Text);
        var subscription = Assert.Single(_app.Get<Subscriptions>().All());
        Assert.Equal("North America", subscription.Team);
    }

    [Fact]
    public void Subscribe_UnknownTeam_ListsTheTeams()
    {
        var reply = Commands.Handle(From(SampleLeads.EmeaManager), "subscribe Atlantis");

        var problem = Assert.IsType<Problem>(reply.View);
        Assert.Contains("Enterprise, EMEA, North America, Inside Sales", problem.Message);
        Assert.Empty(_app.Get<Subscriptions>().All());
    }

    [Fact]
    public void Unsubscribe_RemovesTheSubscription()
    {
        Commands.Handle(From(SampleLeads.EmeaManager), "subscribe EMEA");

        var reply = Commands.Handle(From(SampleLeads.EmeaManager), "unsubscribe");

        Assert.Contains("no longer receives EMEA", Assert.IsType<Notice>(reply.View).Text);
        Assert.Empty(_app.Get<Subscriptions>().All());
    }

    [Fact]
    public async Task MyLeads_ListsTheRepsOpenLeadsOldestFirst()
    {
        var api = _app.Api();
        var ids = new List<string>();
        foreach (var n in new[] { "m1", "m2" })
        {
            var id = (string)(await (await api.PostJsonAsync("/api/leads", SampleLeads.Emea(n))).BodyAsync())["id"]!;
            _app.Clock.Advance(TimeSpan.FromMinutes(1));
            await api.PostJsonAsync($"/api/leads/{id}/accept", new { rep = SampleLeads.EmeaRep });
            ids.Add(id);
        }

        var reply = Commands.Handle(From(SampleLeads.EmeaRep, personal: true), "my leads");

        var view = Assert.IsType<MyLeadsView>(reply.View);
        Assert.Equal(ids, view.Leads.Select(l => l.LeadId));
    }

    [Fact]
    public void Pipeline_RepSeesOwnTeam_ButNotAnother()
    {
        var own = Commands.Handle(From(SampleLeads.EmeaRep), "pipeline");
        var other = Commands.Handle(From(SampleLeads.EmeaRep), "pipeline North America");

        Assert.Equal("EMEA", Assert.IsType<PipelineView>(own.View).TeamName);
        Assert.Equal("Not your team", Assert.IsType<Problem>(other.View).Title);
    }

    [Fact]
    public void Pipeline_AcceptsAPeriod_AndRefusesANonsensePeriodWord()
    {
        var month = Commands.Handle(From(SampleLeads.EmeaManager), "pipeline EMEA month");
        var range = Commands.Handle(From(SampleLeads.EmeaManager), "pipeline 2026-11-01..2026-11-15");

        Assert.Equal("November 2026", Assert.IsType<PipelineView>(month.View).PeriodLabel);
        Assert.Equal("2026-11-01..2026-11-15", Assert.IsType<PipelineView>(range.View).PeriodLabel);
    }

    [Theory]
    [InlineData("pipeline EMEA 2016-01-01..2026-11-30")]
    [InlineData("pipeline 2016-01-01..2026-11-30")]
    [InlineData("feedback 2016-01-01..2026-11-30")]
    [InlineData("scorecard 2016-01-01..2026-11-30")]
    public void AReportRangeBeyondTheCap_IsRefusedWithTheReason_NotTakenForATeamName(string command)
    {
        var reply = Commands.Handle(From(SampleLeads.EmeaManager), command);

        var problem = Assert.IsType<Problem>(reply.View);
        Assert.Equal("Unknown period", problem.Title);
        Assert.Contains("at most 400 days", problem.Message);
    }

    [Fact]
    public void SomeoneOnNoRoster_GetsAPoliteRefusal()
    {
        var reply = Commands.Handle(From("visitor@elsewhere.example"), "pipeline");

        Assert.Equal("You're not on a roster", Assert.IsType<Problem>(reply.View).Title);
    }

    [Fact]
    public void Feedback_IsForMarketingAndManagers()
    {
        var marketing = Commands.Handle(From("mia.marketing@contoso.com"), "feedback hubspot quarter");
        var rep = Commands.Handle(From(SampleLeads.EmeaRep), "feedback");

        Assert.Equal("hubspot", Assert.IsType<FeedbackView>(marketing.View).ScopeLabel);
        Assert.IsType<Problem>(rep.View);
    }

    [Fact]
    public void AwayAndBack_ChangeAvailabilityForRoundRobin()
    {
        var roster = _app.Get<Roster>();

        var away = Commands.Handle(From("sam.patel@contoso.com"), "away 3d");
        var whileAway = roster.IsAway("sam.patel@contoso.com");
        Commands.Handle(From("sam.patel@contoso.com"), "back");

        Assert.StartsWith("You are away until Thu 3 Dec 2026 09:00 UTC", Assert.IsType<Notice>(away.View).Text, StringComparison.Ordinal);
        Assert.True(whileAway);
        Assert.False(roster.IsAway("sam.patel@contoso.com"));
    }

    [Fact]
    public void Away_WithAnUnreadableDate_AsksAgain()
    {
        var reply = Commands.Handle(From("sam.patel@contoso.com"), "away someday");

        Assert.Equal("When are you back?", Assert.IsType<Problem>(reply.View).Title);
        Assert.False(_app.Get<Roster>().IsAway("sam.patel@contoso.com"));
    }

    [Fact]
    public async Task Pipeline_InTeams_CarriesAChart_InlineWhenSmallElseASignedLink()
    {
        using var app = new LeadBotApp(new() { ["Bot:PublicBaseUrl"] = "https://leadbot.example" });
        var api = app.Api();
        var id = (string)(await (await api.PostJsonAsync("/api/leads", SampleLeads.Emea("chart"))).BodyAsync())["id"]!;
        await api.PostJsonAsync($"/api/leads/{id}/accept", new { rep = SampleLeads.EmeaRep });

        var view = Assert.IsType<PipelineView>(app.Get<ChatCommands>().Handle(From(SampleLeads.EmeaManager), "pipeline EMEA").View);

        Assert.NotNull(view.ChartImageUrl);
        Assert.True(view.ChartImageUrl!.StartsWith("data:image/png;base64,", StringComparison.Ordinal)
            || view.ChartImageUrl.StartsWith("https://leadbot.example/charts/", StringComparison.Ordinal), view.ChartImageUrl);
        Assert.Equal(1, view.Stages.Accepted);
    }
}
