using LeadBot.Cards;
using LeadBot.Channels;
using LeadBot.Commands;
using LeadBot.Routing;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Commands;

/// <summary>
/// The reports and the agreement in chat follow the one visibility rule (Routing's Viewer): a rep asking for another
/// team's figures, or a manager for a team they do not manage, gets a refusal, not the figures.
/// </summary>
public sealed class ReportVisibilityAttackTests : IDisposable
{
    private const string Channel = "19:somewhere@thread.tacv2";
    private const string Marketer = "mia.marketing@contoso.com";
    /// <summary>Manages Enterprise and Inside Sales in the example configuration.</summary>
    private const string TwoTeamManager = "grace.manager@contoso.com";

    private readonly LeadBotApp _app = new();

    public void Dispose() => _app.Dispose();

    private ChatReply Say(string email, string text) =>
        _app.Get<ChatCommands>().Handle(new ChatContext("teams", Channel, false, new Actor(Email: email, DisplayName: email)), text);

    [Fact]
    public void Feedback_OfATeamTheManagerDoesNotManage_IsRefused()
    {
        Assert.Equal("Not your team", Assert.IsType<Problem>(Say(SampleLeads.EmeaManager, "feedback Enterprise").View).Title);
        Assert.Equal("For marketing and managers", Assert.IsType<Problem>(Say(SampleLeads.EmeaRep, "feedback").View).Title);
        Assert.Equal("You're not on a roster", Assert.IsType<Problem>(Say("someone@elsewhere.example", "feedback").View).Title);
    }

    [Fact]
    public void Feedback_ForAManagerOfTwoTeams_IsOneOfTheirTeamsAtATime_NeverEveryTeams()
    {
        var unnamed = Assert.IsType<Problem>(Say(TwoTeamManager, "feedback").View);
        Assert.Equal("Which team?", unnamed.Title);
        Assert.Contains("Enterprise, Inside Sales", unnamed.Message, StringComparison.Ordinal);

        Assert.Contains("Enterprise", Assert.IsType<FeedbackView>(Say(TwoTeamManager, "feedback Enterprise").View).ScopeLabel, StringComparison.Ordinal);
        Assert.IsType<FeedbackView>(Say(Marketer, "feedback").View);
        Assert.IsType<FeedbackView>(Say(ChannelChangeAttackTests.Admin, "feedback North America").View);
    }

    [Fact]
    public void Scorecard_ShowsOnlyTheTeamsTheAskerSees()
    {
        Assert.Equal("Not your team", Assert.IsType<Problem>(Say(SampleLeads.EmeaRep, "agreement North America").View).Title);
        Assert.Equal(["EMEA"], Assert.IsType<ScorecardView>(Say(SampleLeads.EmeaRep, "agreement").View).Teams.Select(t => t.Team));
        Assert.Equal(["Enterprise", "Inside Sales"], Assert.IsType<ScorecardView>(Say(TwoTeamManager, "scorecard").View).Teams.Select(t => t.Team).Order());

        // Marketing is the other side of every team's agreement; an admin sees everything.
        var teams = _app.Get<Router>().Teams.Select(t => t.Name).Order().ToList();
        Assert.Equal(teams, Assert.IsType<ScorecardView>(Say(Marketer, "agreement").View).Teams.Select(t => t.Team).Order());
        Assert.Equal(teams, Assert.IsType<ScorecardView>(Say(ChannelChangeAttackTests.Admin, "agreement").View).Teams.Select(t => t.Team).Order());
        Assert.Equal("You're not on a roster", Assert.IsType<Problem>(Say("someone@elsewhere.example", "agreement").View).Title);
    }

    [Fact]
    public void CriteriaReview_ReadsEveryTeamsRejections_SoARepIsRefused()
    {
        Assert.Equal("For marketing and managers", Assert.IsType<Problem>(Say(SampleLeads.EmeaRep, "criteria review").View).Title);
        Assert.Equal("Criteria review", Assert.IsType<SectionsView>(Say(SampleLeads.EmeaManager, "criteria review").View).Title);
        Assert.Equal("Criteria review", Assert.IsType<SectionsView>(Say(Marketer, "criteria review").View).Title);
        // The criteria in force are no secret to anyone on a roster.
        Assert.IsType<SectionsView>(Say(SampleLeads.EmeaRep, "criteria").View);
    }
}
