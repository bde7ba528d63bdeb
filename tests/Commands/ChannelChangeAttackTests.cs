using LeadBot.Channels;
using LeadBot.Commands;
using LeadBot.Handoff;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Commands;

/// <summary>
/// Who may point a team's leads at a conversation, and who may act on or see a lead: attacks by a stranger, a rep and
/// the wrong marketer change nothing, and each refusal names who can.
/// </summary>
public sealed class ChannelChangeAttackTests : IDisposable
{
    /// <summary>The example's Routing:Admins entry (the Agents Playground's default user).</summary>
    public const string Admin = "alexw@example.com";
    private const string ManagersChannel = "19:emea-managers@thread.tacv2", Elsewhere = "19:somewhere-else@thread.tacv2";
    private const string Stranger = "someone@elsewhere.example", Marketer = "mia.marketing@contoso.com";

    private readonly LeadBotApp _app = new();
    private ChatCommands Commands => _app.Get<ChatCommands>();
    private Subscriptions Subscriptions => _app.Get<Subscriptions>();

    public void Dispose() => _app.Dispose();

    private ChatReply Say(string email, string conversation, string text) =>
        Commands.Handle(new ChatContext("teams", conversation, false, new Actor(Email: email, DisplayName: email)), text);

    [Theory]
    [InlineData(Stranger)]
    [InlineData(SampleLeads.EmeaRep)]
    [InlineData("dana.brooks@contoso.com")] // another team's manager
    public void SubscribeAndUnsubscribe_ByAnyoneButTheTeamsManager_ChangeNothing(string attacker)
    {
        Assert.IsType<Notice>(Say(SampleLeads.EmeaManager, ManagersChannel, "subscribe EMEA").View);

        var take = Say(attacker, Elsewhere, "subscribe EMEA");
        var silence = Say(attacker, ManagersChannel, "unsubscribe");
        var move = Say(attacker, ManagersChannel, "subscribe North America");

        foreach (var reply in new[] { take, silence })
            Assert.Contains("Only EMEA's managers (Marta Novak)", Assert.IsType<Problem>(reply.View).Message, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", Assert.IsType<Problem>(move.View).Message, StringComparison.Ordinal);
        var only = Assert.Single(Subscriptions.All());
        Assert.Equal((ManagersChannel, "EMEA"), (only.ConversationId, only.Team));
        Assert.Equal([ManagersChannel], Subscriptions.ForTeam("teams", "EMEA").Select(s => s.ConversationId));
    }

    [Fact]
    public void AnAdmin_MayMoveAnyTeamsChannel()
    {
        Say(SampleLeads.EmeaManager, ManagersChannel, "subscribe EMEA");

        Assert.IsType<Notice>(Say(Admin, ManagersChannel, "subscribe Inside Sales").View);
        Assert.IsType<Notice>(Say(Admin, ManagersChannel, "unsubscribe").View);
        Assert.Empty(Subscriptions.All());
    }

    [Fact]
    public void SubscribeMarketing_IsForTheMarketingRosterAndAdmins()
    {
        var rep = Say(SampleLeads.EmeaRep, Elsewhere, "subscribe marketing");
        var manager = Say(SampleLeads.EmeaManager, Elsewhere, "subscribe marketing");
        Assert.Contains("marketing team", Assert.IsType<Problem>(rep.View).Message, StringComparison.Ordinal);
        Assert.IsType<Problem>(manager.View);
        Assert.Empty(Subscriptions.All());

        Assert.IsType<Notice>(Say(Marketer, Elsewhere, "subscribe marketing").View);
        Assert.Equal("marketing", Assert.Single(Subscriptions.All()).Team);
    }

    [Fact]
    public async Task Reject_AfterAReoffer_IsRefusedToTheEarlierRep_AsAcceptIs()
    {
        var created = await _app.Api().PostJsonAsync("/api/leads", SampleLeads.NorthAmerica());
        var id = (string)(await created.BodyAsync())["id"]!;
        var lead = _app.Store.Find(id)!;
        Assert.NotNull(lead.OfferedTo);
        var other = new[] { "jamie.lee@contoso.com", "sam.patel@contoso.com", "alex.morgan@contoso.com" }.First(r => r != lead.OfferedTo);
        var actions = _app.Get<LeadActions>();

        var reject = actions.Reject(id, new Actor(Email: other), "no-budget", null, LeadEvent.Channels.Teams);
        var accept = actions.Claim(id, new Actor(Email: other), LeadEvent.Channels.Teams);

        Assert.Equal((StepStatus.Forbidden, StepStatus.Forbidden), (reject.Status, accept.Status));
        Assert.Equal(LeadState.Offered, _app.Store.Find(id)!.State);
        Assert.Empty(_app.Store.Find(id)!.RejectedBy);
    }

    [Fact]
    public void Pipeline_AndFeedback_AreForTheAskerAlone()
    {
        Assert.True(Say(SampleLeads.EmeaManager, ManagersChannel, "pipeline").Private);
        Assert.True(Say(SampleLeads.EmeaManager, ManagersChannel, "feedback").Private);
        Assert.True(Say(SampleLeads.EmeaRep, ManagersChannel, "my leads").Private);
    }

    [Fact]
    public void ARep_SeesTheirTeamsPipelineOnly_AnAdminEveryTeams()
    {
        Assert.Equal("Not your team", Assert.IsType<Problem>(Say(SampleLeads.EmeaRep, ManagersChannel, "pipeline North America").View).Title);
        Assert.Equal("Not your team", Assert.IsType<Problem>(Say(SampleLeads.EmeaManager, ManagersChannel, "pipeline North America").View).Title);
        Assert.IsNotType<Problem>(Say(Admin, ManagersChannel, "pipeline North America").View);
    }
}
