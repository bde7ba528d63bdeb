using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Cards;
using LeadBot.Leads;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Slack;

/// <summary>Announce → accept → reject through the modal, end to end: signed Slack requests in, Web API calls out to the fake Slack.</summary>
public sealed class SlackHandoffTests
{
    [Fact]
    public async Task Announce_Accept_UpdatesCardForEveryone_AndTellsClaimerPrivately()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        var leadId = await s.IntakeAsync(SampleLeads.Emea());

        await s.DeliverDueAsync();
        var post = Assert.Single(s.Slack.Calls("chat.postMessage"));
        Assert.Equal(SlackScenario.Channel, (string?)post.Body["channel"]);
        Assert.Equal("application/json; charset=utf-8", post.ContentType);
        Assert.Equal("Bearer " + FakeSlack.Token, post.Authorization);
        Assert.Contains(Buttons(post.Body), b => (string?)b["action_id"] == SlackIds.ActionAccept && (string?)b["value"] == leadId);
        Assert.DoesNotContain("+47 22 12 34 56", Texts(post.Body)); // no phone numbers in a shared channel
        var ts = await AnnouncedTsAsync(s);

        var ack = await s.InteractionAsync(s.ButtonClick(SlackScenario.Anna, SlackIds.ActionAccept, leadId, SlackScenario.Channel, ts));
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("", await ack.Content.ReadAsStringAsync());
        await s.IdleAsync();

        var lead = s.Store.Find(leadId)!;
        Assert.Equal(LeadState.Accepted, lead.State);
        Assert.Equal(SampleLeads.EmeaRep, lead.Owner!.Email);
        var note = Assert.Single(s.Slack.Calls("chat.postEphemeral"));
        Assert.Equal(SlackScenario.Anna, (string?)note.Body["user"]);
        Assert.Contains("You accepted", (string?)note.Body["text"]);

        await s.DeliverDueAsync();
        // The claimed DM may be posted before or after the card update (then it is updated too): find the channel's update.
        var update = Assert.Single(s.Slack.Calls("chat.update"), c => (string?)c.Body["channel"] == SlackScenario.Channel);
        Assert.Equal(ts, (string?)update.Body["ts"]);
        Assert.Contains("Accepted by", Texts(update.Body));
        Assert.DoesNotContain(Buttons(update.Body), b => (string?)b["action_id"] == SlackIds.ActionAccept);

        var dm = Assert.Single(s.Slack.Calls("conversations.open"));
        Assert.Equal(SlackScenario.Anna, (string?)dm.Body["users"]);
        var details = s.Slack.Calls("chat.postMessage")[^1];
        Assert.Equal(2, s.Slack.Calls("chat.postMessage").Count);
        Assert.StartsWith("D", (string?)details.Body["channel"]);
        Assert.Contains("+47 22 12 34 56", Texts(details.Body));
        Assert.Contains("emea-1@nordwind.example", Texts(details.Body));
    }

    [Fact]
    public async Task Accept_WhenAlreadyClaimed_TellsSecondRepWhoHasIt()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        await s.DeliverDueAsync();
        var ts = await AnnouncedTsAsync(s);

        await s.InteractionAsync(s.ButtonClick(SlackScenario.Anna, SlackIds.ActionAccept, leadId, SlackScenario.Channel, ts));
        await s.IdleAsync();
        s.App.Clock.Advance(TimeSpan.FromMinutes(3));
        await s.InteractionAsync(s.ButtonClick(SlackScenario.Luca, SlackIds.ActionAccept, leadId, SlackScenario.Channel, ts));
        await s.IdleAsync();

        var toLuca = s.Slack.Calls("chat.postEphemeral").Single(c => (string?)c.Body["user"] == SlackScenario.Luca);
        Assert.Equal(SlackScenario.Channel, (string?)toLuca.Body["channel"]);
        Assert.Contains("Anna Schmidt already accepted this lead", (string?)toLuca.Body["text"]);
        Assert.Equal(SampleLeads.EmeaRep, s.Store.Find(leadId)!.Owner!.Email);
    }

    [Fact]
    public async Task Accept_BySomeoneNotOnTheRoster_IsRefusedPrivately()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        await s.DeliverDueAsync();

        await s.InteractionAsync(s.ButtonClick(SlackScenario.Stranger, SlackIds.ActionAccept, leadId, SlackScenario.Channel, await AnnouncedTsAsync(s)));
        await s.IdleAsync();

        var refusal = Assert.Single(s.Slack.Calls("chat.postEphemeral"));
        Assert.Equal(SlackScenario.Stranger, (string?)refusal.Body["user"]);
        Assert.Contains("not on a sales team roster", (string?)refusal.Body["text"]);
        Assert.Equal(LeadState.Offered, s.Store.Find(leadId)!.State);
    }

    [Fact]
    public async Task Accept_ReplayedClick_IsProcessedOnce()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        await s.DeliverDueAsync();
        var click = s.ButtonClick(SlackScenario.Anna, SlackIds.ActionAccept, leadId, SlackScenario.Channel, await AnnouncedTsAsync(s));

        await s.InteractionAsync(click);
        var replay = await s.InteractionAsync(click);
        await s.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Single(s.Slack.Calls("chat.postEphemeral"));
        Assert.Single(s.Store.History(leadId), e => e.Type == LeadState.Accepted.Name());
    }

    [Fact]
    public async Task Reject_ThroughModal_ValidatesInTheAck_ThenRecordsAndUpdatesCard()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        await s.DeliverDueAsync();
        var ts = await AnnouncedTsAsync(s);

        var click = s.ButtonClick(SlackScenario.Luca, SlackIds.ActionReject, leadId, SlackScenario.Channel, ts);
        var ack = await s.InteractionAsync(click);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        await s.IdleAsync();
        var open = Assert.Single(s.Slack.Calls("views.open"));
        Assert.Equal((string?)click["trigger_id"], (string?)open.Body["trigger_id"]);
        var modal = open.Body["view"]!.AsObject();
        Assert.Equal(SlackIds.RejectModalCallback, (string?)modal["callback_id"]);
        var metadata = JsonNode.Parse((string)modal["private_metadata"]!)!;
        Assert.Equal(leadId, (string?)metadata["lead_id"]);
        Assert.Equal(SlackScenario.Channel, (string?)metadata["channel_id"]);
        Assert.Equal(ts, (string?)metadata["message_ts"]);

        var noReason = await (await s.InteractionAsync(s.RejectSubmission(SlackScenario.Luca, modal, null, null))).BodyAsync();
        Assert.Equal("errors", (string?)noReason["response_action"]);
        Assert.NotNull(noReason["errors"]![SlackIds.ReasonBlock]);

        var otherWithoutComment = await (await s.InteractionAsync(s.RejectSubmission(SlackScenario.Luca, modal, RejectionReasons.Other, "  "))).BodyAsync();
        Assert.Equal("errors", (string?)otherWithoutComment["response_action"]);
        Assert.Contains("comment", (string?)otherWithoutComment["errors"]![SlackIds.CommentBlock]);
        await s.IdleAsync();
        Assert.Equal(LeadState.Offered, s.Store.Find(leadId)!.State);

        const string comment = "HQ is in Brazil & they want a <LATAM> partner; also asked us to ping @channel";
        var done = await (await s.InteractionAsync(s.RejectSubmission(SlackScenario.Luca, modal, "no-budget", comment))).BodyAsync();
        Assert.Equal("clear", (string?)done["response_action"]);
        await s.IdleAsync();

        var lead = s.Store.Find(leadId)!;
        Assert.Equal(LeadState.Rejected, lead.State);
        Assert.Equal("no-budget", lead.RejectionReason);
        Assert.Equal(comment, lead.RejectionComment);

        await s.DeliverDueAsync();
        var update = Assert.Single(s.Slack.Calls("chat.update"));
        Assert.Equal(ts, (string?)update.Body["ts"]);
        Assert.Contains("Rejected by", Texts(update.Body));
        // Nobody subscribed a marketing channel: marketing people in Slack get a DM; the one not in Slack is skipped.
        var toMarketing = s.Slack.Calls("chat.postMessage")[^1];
        Assert.Equal("D07MIAMKTG0", (string?)toMarketing.Body["channel"]);
        Assert.Contains("&lt;LATAM&gt;", Texts(toMarketing.Body));
        Assert.DoesNotContain("<LATAM>", Texts(toMarketing.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectClick_AcksBeforeSlackAnswersViewsOpen()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        await s.DeliverDueAsync();
        var click = s.ButtonClick(SlackScenario.Luca, SlackIds.ActionReject, leadId, SlackScenario.Channel, await AnnouncedTsAsync(s));
        s.Slack.Hold("views.open");

        // Slack holds views.open until released below, so an ack that waited for it would never come.
        var ack = await s.InteractionAsync(click).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        // Slack's own limit, measured where Slack's clock runs: from the request's arrival to the ack.
        var (_, arrived, answered) = s.Requests.Last("/api/slack/interactions");
        Assert.True(BotRequests.Between(arrived, answered) < TimeSpan.FromSeconds(3), $"ack took {BotRequests.Between(arrived, answered)} in the bot");
        s.Slack.Release("views.open");
        await s.IdleAsync();
        Assert.Single(s.Slack.Calls("views.open"));
    }

    [Fact]
    public async Task OutcomeButton_RecordsOutcome_ForTheOwner()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        await s.DeliverDueAsync();
        await s.InteractionAsync(s.ButtonClick(SlackScenario.Anna, SlackIds.ActionAccept, leadId, SlackScenario.Channel, await AnnouncedTsAsync(s)));
        await s.IdleAsync();
        await s.DeliverDueAsync();
        var ownerCard = s.Slack.Calls("chat.postMessage")[^1];
        var before = s.Slack.Calls("chat.update").Count;
        var meeting = Buttons(ownerCard.Body).Single(b => (string?)b["action_id"] == SlackIds.OutcomeAction(Outcomes.Meeting));

        await s.InteractionAsync(s.ButtonClick(SlackScenario.Anna, (string)meeting["action_id"]!, leadId, (string)ownerCard.Body["channel"]!, "1764493200.000002"));
        await s.IdleAsync();

        Assert.Equal(LeadState.Meeting, s.Store.Find(leadId)!.State);
        await s.DeliverDueAsync();
        // Both copies are updated; the owner's card says where the lead stands now.
        var updates = s.Slack.Calls("chat.update").Skip(before).ToList();
        Assert.Equal(2, updates.Count);
        Assert.Contains(SlackScenario.Channel, updates.Select(u => (string?)u.Body["channel"]));
        var owners = updates.Single(u => (string?)u.Body["channel"] == (string?)ownerCard.Body["channel"]);
        Assert.Contains("Meeting", Texts(owners.Body), StringComparison.OrdinalIgnoreCase);
    }

    internal static Task<string> AnnouncedTsAsync(SlackScenario s)
    {
        var posted = s.Store.List<LeadBot.Channels.PostedCard>(LeadBot.Channels.Deliveries.Bag);
        return Task.FromResult(posted.Single(p => p.Platform == "slack" && p.Kind == "announce").MessageId);
    }

    internal static IEnumerable<JsonObject> Buttons(JsonObject body) =>
        Walk(body["blocks"]).OfType<JsonObject>().Where(o => (string?)o["type"] == "button");

    /// <summary>Every string in the message (top-level text and all block texts), decoded from JSON, joined by newlines.</summary>
    internal static string Texts(JsonNode? body) =>
        string.Join("\n", Walk(body).OfType<JsonValue>().Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(v => v.GetValue<string>()));

    internal static IEnumerable<JsonNode> Walk(JsonNode? node)
    {
        if (node is null) yield break;
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(kv => kv.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
            foreach (var n in Walk(child)) yield return n;
    }
}
