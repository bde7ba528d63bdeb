using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Cards;
using LeadBot.Channels;
using LeadBot.Channels.Slack;
using LeadBot.Leads;
using LeadBot.Storage;
using LeadBot.Tests.Support;
using static LeadBot.Tests.Channels.Slack.SlackHandoffTests;

namespace LeadBot.Tests.Channels.Slack;

/// <summary>
/// What Slack's 200 promises: a click acknowledged is a click recorded (no background work needed, none lost in a
/// crash), the reject modal opens however many posts are queued, and the endpoints answer Slack's ssl_check.
/// </summary>
public sealed class SlackAcknowledgementTests
{
    [Fact]
    public async Task Accept_IsInTheStore_WhenTheAckArrives()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync(); // Anna's /leads made the bot look her up once
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        await s.DeliverDueAsync();
        var lookups = s.Slack.Calls("users.info").Count;
        s.Slack.Hold("chat.postEphemeral"); // the clicker's note is stuck: the claim must not depend on it

        var ack = await s.InteractionAsync(s.ButtonClick(SlackScenario.Anna, SlackIds.ActionAccept, leadId, SlackScenario.Channel, await AnnouncedTsAsync(s)));

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var lead = s.Store.Find(leadId)!;
        Assert.Equal(LeadState.Accepted, lead.State);
        Assert.Equal(SampleLeads.EmeaRep, lead.Owner!.Email);
        Assert.Single(s.Store.History(leadId), e => e.Type == LeadState.Accepted.Name() && e.Channel == LeadEvent.Channels.Slack);
        Assert.Equal(lookups, s.Slack.Calls("users.info").Count);
        var due = Due(s);
        Assert.Contains(due, m => m.Id == $"claimed:{leadId}");
        Assert.Contains(due, m => m.Audience == "posted:EMEA");

        s.Slack.Release("chat.postEphemeral");
        await s.IdleAsync();
        Assert.Contains("You accepted", (string?)Assert.Single(s.Slack.Calls("chat.postEphemeral")).Body["text"]);
    }

    [Fact]
    public async Task OutcomeButton_IsInTheStore_WhenTheAckArrives()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        await s.DeliverDueAsync();
        await s.InteractionAsync(s.ButtonClick(SlackScenario.Anna, SlackIds.ActionAccept, leadId, SlackScenario.Channel, await AnnouncedTsAsync(s)));

        var ack = await s.InteractionAsync(s.ButtonClick(SlackScenario.Anna, SlackIds.OutcomeAction(Outcomes.Contacted), leadId, "D07REPALICE", "1764493200.000002"));

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal(LeadState.Contacted, s.Store.Find(leadId)!.State);
        await s.IdleAsync();
    }

    [Fact]
    public async Task RejectSubmission_IsInTheStore_WhenTheAckArrives()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        await s.DeliverDueAsync();
        await s.InteractionAsync(s.ButtonClick(SlackScenario.Luca, SlackIds.ActionReject, leadId, SlackScenario.Channel, await AnnouncedTsAsync(s)));
        var modal = (await s.Slack.FirstCallAsync("views.open").WaitAsync(TimeSpan.FromSeconds(10))).Body["view"]!.AsObject();
        await s.IdleAsync(); // opening the modal also looked Luca up, so his submission needs no Web API call

        var ack = await (await s.InteractionAsync(s.RejectSubmission(SlackScenario.Luca, modal, "no-budget", null))).BodyAsync();

        Assert.Equal("clear", (string?)ack["response_action"]);
        var lead = s.Store.Find(leadId)!;
        Assert.Equal(LeadState.Rejected, lead.State);
        Assert.Equal("no-budget", lead.RejectionReason);
        Assert.Contains(Due(s), m => m.Kind == OutboxMessage.Kinds.Rejected);
        await s.IdleAsync();
    }

    [Fact]
    public async Task Click_ByUserNotYetLookedUp_IsStored_AndRunsAfterARestart()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        await s.DeliverDueAsync();
        s.Slack.Hold("users.info"); // Slack is slow to say who Luca is, and the bot dies meanwhile

        var ack = await s.InteractionAsync(s.ButtonClick(SlackScenario.Luca, SlackIds.ActionAccept, leadId, SlackScenario.Channel, await AnnouncedTsAsync(s)));
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var stored = Assert.Single(s.Store.List<SlackClick>(SlackClicks.Bag));
        Assert.Equal((LeadBot.Cards.CardVerbs.Accept, leadId, SlackScenario.Luca), (stored.Kind, stored.LeadId, stored.UserId));
        Assert.Equal(LeadState.Offered, s.Store.Find(leadId)!.State);

        s.Restart();
        s.Slack.Release("users.info");
        await s.IdleAsync();

        Assert.Equal(SampleLeads.EmeaRep2, s.Store.Find(leadId)!.Owner!.Email);
        Assert.Empty(s.Store.List<SlackClick>(SlackClicks.Bag));
        var note = Assert.Single(s.Slack.Calls("chat.postEphemeral"));
        Assert.Equal(SlackScenario.Luca, (string?)note.Body["user"]);
        Assert.Contains("You accepted", (string?)note.Body["text"]);
    }

    [Fact]
    public async Task RejectModal_OpensAtOnce_WhilePacedPostsWaitTheirTurn()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        await s.DeliverDueAsync();
        // Eight answers to one DM: Slack takes about one message a second per channel, so on the unmoved fake clock all but
        // the first wait for their turn, holding every ordinary worker slot.
        for (var i = 0; i < 8; i++)
        {
            var message = SlackScenario.Sample("inbound", "events", "message_im.json");
            message["event_id"] = $"Ev07BURST{i:D3}";
            message["event"]!["text"] = "help";
            await s.EventAsync(message);
        }
        await s.Slack.FirstCallAsync("chat.postMessage", c => (string?)c.Body["channel"] == "D07ALICEDM1").WaitAsync(TimeSpan.FromSeconds(10));

        var click = s.ButtonClick(SlackScenario.Luca, SlackIds.ActionReject, leadId, SlackScenario.Channel, await AnnouncedTsAsync(s));
        await s.InteractionAsync(click);

        // Inside the trigger's 3 seconds (from the click's arrival at the bot to views.open at Slack), though no queued post has been sent yet.
        var open = await s.Slack.FirstCallAsync("views.open").WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal((string?)click["trigger_id"], (string?)open.Body["trigger_id"]);
        var (_, arrived, _) = s.Requests.Last("/api/slack/interactions");
        Assert.True(BotRequests.Between(arrived, open.ReceivedAt) < TimeSpan.FromSeconds(3), $"views.open {BotRequests.Between(arrived, open.ReceivedAt)} after the click arrived");
        Assert.Single(s.Slack.Calls("chat.postMessage"), c => (string?)c.Body["channel"] == "D07ALICEDM1");
        // The queued posts are still waiting for the clock; disposing the scenario cancels them.
    }

    [Fact]
    public async Task SslCheck_IsAnswered_WithoutSignature_AndDoesNothing()
    {
        await using var s = await SlackScenario.StartAsync();
        var body = "ssl_check=1&token=Zq3xV9bLkT2mW8nR5pY1sD4f&command=%2Fleads&text=subscribe+EMEA&user_id=U07REPALICE&channel_id=C07SALESLDS";

        var check = await s.App.CreateClient().PostAsync("/api/slack/commands", new StringContent(body, null, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Equal("", await check.Content.ReadAsStringAsync());
        await s.IdleAsync();
        Assert.Empty(s.Slack.Calls());
        Assert.Empty(s.App.Get<Subscriptions>().All());
    }

    [Fact]
    public async Task UnsignedCommand_WithoutSslCheck_IsStillRefused()
    {
        await using var s = await SlackScenario.StartAsync();
        var body = "ssl_check=0&command=%2Fleads&text=subscribe+EMEA&user_id=U07REPALICE&channel_id=C07SALESLDS";

        var response = await s.App.CreateClient().PostAsync("/api/slack/commands", new StringContent(body, null, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(s.App.Get<Subscriptions>().All());
    }

    /// <summary>The outbox as the dispatcher would find it (leased by this call, so read it once per test).</summary>
    private static IReadOnlyList<OutboxMessage> Due(SlackScenario s) =>
        s.Store.TakeDue(s.App.Clock.GetUtcNow().AddMinutes(1), 100, "peek", TimeSpan.FromMinutes(5));
}
