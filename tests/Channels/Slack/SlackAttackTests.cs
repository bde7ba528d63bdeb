using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Channels;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Slack;

/// <summary>On Slack, through the real endpoints: a rep's and a stranger's subscribe/unsubscribe change nothing; malformed interactions are never a 500.</summary>
public sealed class SlackAttackTests
{
    private const string OtherChannel = "C07ATTACKER";

    [Fact]
    public async Task ARepAndAStranger_CannotTakeOrSilenceTheTeamsChannel_AndTheNextLeadReachesOnlyTheManagersChannel()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();

        foreach (var attacker in new[] { SlackScenario.Anna, SlackScenario.Stranger })
        {
            await s.CommandAsync(attacker, OtherChannel, "subscribe EMEA");
            await s.CommandAsync(attacker, SlackScenario.Channel, "unsubscribe");
        }
        await s.IdleAsync();
        await s.App.Api().PostJsonAsync("/api/leads", LeadBot.Tests.Support.SampleLeads.Emea());
        await s.DeliverDueAsync();

        var subscription = Assert.Single(s.App.Get<Subscriptions>().All());
        Assert.Equal((SlackScenario.Channel, "EMEA"), (subscription.ConversationId, subscription.Team));
        var cards = s.Slack.Calls("chat.postMessage").Where(c => c.Body["metadata"] is not null).Select(c => (string?)c.Body["channel"]).Distinct();
        Assert.Equal([SlackScenario.Channel], cards);
    }

    [Theory]
    [InlineData("""{"type":"block_actions","user":{"id":"U07REPALICE"},"actions":[]}""")]
    [InlineData("""{"type":"block_actions","user":"U07REPALICE","actions":[{"action_id":"lead_accept","value":"L-1"}]}""")]
    [InlineData("""{"type":"block_actions","trigger_id":12345,"actions":[{"action_id":7}]}""")]
    [InlineData("""{"type":"block_actions"}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"U07REPALICE"},"container":"x","channel":7,"actions":[{"action_id":"lead_accept","value":"L-1"}]}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"U07REPALICE"},"actions":[{"action_id":"lead_accept","value":{"id":"L-1"}}]}""")]
    [InlineData("""{"type":"view_submission","view":"nope"}""")]
    public async Task AMalformedInteraction_GetsA200Or400_NeverA500(string payload)
    {
        // Workspace checks off: these payloads name no workspace, and what is probed here is the parsing after them.
        await using var s = await SlackScenario.StartAsync(new() { ["Slack:TeamId"] = "", ["Slack:AppId"] = "" });

        var response = await s.InteractionAsync(JsonNode.Parse(payload)!.AsObject());

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, response.StatusCode.ToString());
    }

    [Theory]
    [InlineData("T0FOREIGN01", SlackScenario.AppId)]
    [InlineData(SlackScenario.WorkspaceId, "A0OTHERAPP1")]
    public async Task ASignedRequest_ForAnotherWorkspaceOrApp_IsRefused_AndChangesNothing(string workspace, string app)
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        await s.DeliverDueAsync();
        var ts = await SlackHandoffTests.AnnouncedTsAsync(s);
        var before = s.Slack.Calls().Count;

        var click = s.ButtonClick(SlackScenario.Anna, LeadBot.Cards.SlackIds.ActionAccept, leadId, SlackScenario.Channel, ts);
        click["team"]!["id"] = workspace;
        click["user"]!["team_id"] = workspace;
        click["api_app_id"] = app;
        var mention = SlackScenario.Sample("inbound", "events", "app_mention.json");
        mention["team_id"] = workspace;
        mention["api_app_id"] = app;
        var command = SlackScenario.Sample("inbound", "commands", "slash_command_leads_pipeline.fields.json");
        command["team_id"] = workspace;
        command["api_app_id"] = app;
        command["text"] = "unsubscribe";
        command["user_id"] = SlackScenario.Marta;
        var form = string.Join('&', command.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString((string?)kv.Value ?? "")}"));

        Assert.Equal(HttpStatusCode.Forbidden, (await s.InteractionAsync(click)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.EventAsync(mention)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.PostSignedAsync("/api/slack/commands", form, "application/x-www-form-urlencoded")).StatusCode);
        await s.IdleAsync();

        var lead = s.Store.Find(leadId)!;
        Assert.Null(lead.Owner);
        Assert.NotEqual(LeadBot.Leads.LeadState.Accepted, lead.State);
        Assert.Single(s.App.Get<Subscriptions>().All());
        Assert.Equal(before, s.Slack.Calls().Count); // nothing answered, nobody looked up
    }
}
