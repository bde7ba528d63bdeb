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
    [InlineData("""{"type":"view_submission","view":"nope"}""")]
    public async Task AMalformedInteraction_GetsA200Or400_NeverA500(string payload)
    {
        await using var s = await SlackScenario.StartAsync();

        var response = await s.InteractionAsync(JsonNode.Parse(payload)!.AsObject());

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, response.StatusCode.ToString());
    }
}
