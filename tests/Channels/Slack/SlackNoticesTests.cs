using System.Text.Json.Nodes;
using LeadBot.Cards;
using LeadBot.Channels;
using LeadBot.Channels.Slack;
using LeadBot.Handoff.Delivery;
using LeadBot.Handoff.ServiceLevels;
using LeadBot.Leads;
using LeadBot.Storage;
using LeadBot.Tests.Support;
using static LeadBot.Tests.Channels.Slack.SlackHandoffTests;

namespace LeadBot.Tests.Channels.Slack;

/// <summary>
/// The engine's service-level messages as Slack shows them: timers run on the fake clock (SlaTimers.Run, as the scheduler
/// does), the outbox delivered by hand. Managers and owners are found in Slack by email and mentioned by user id.
/// </summary>
public sealed class SlackNoticesTests
{
    private const string Marta = "U07MARTA000";

    private static async Task<(SlackScenario S, string LeadId)> AnnouncedAsync()
    {
        var s = await SlackScenario.StartAsync();
        s.Slack.Users[Marta] = ("marta.novak@contoso.com", "Marta Novak");
        // An admin points EMEA at the channel, so the bot meets Marta only through the messages under test.
        s.Slack.Users["U07ADMINALX"] = ("alexw@example.com", "Alex Wilber");
        await s.SubscribeAsync(user: "U07ADMINALX");
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        await s.DeliverDueAsync();
        return (s, leadId);
    }

    /// <summary>Moves the fake clock, fires the due timers and delivers what they queued.</summary>
    private static async Task AfterAsync(SlackScenario s, TimeSpan wait)
    {
        s.App.Clock.Advance(wait);
        s.App.Get<SlaTimers>().Run();
        Assert.NotEmpty(await s.DeliverDueAsync());
    }

    [Fact]
    public async Task Escalation_PostsTheEscalatedCard_MentioningTheManagersBySlackId()
    {
        var (s, leadId) = await AnnouncedAsync();
        await using var _ = s;

        await AfterAsync(s, TimeSpan.FromMinutes(10)); // nobody accepted within 5 minutes

        Assert.Equal(LeadState.Expired, s.Store.Find(leadId)!.State);
        var escalation = Assert.Single(s.Slack.Calls("chat.postMessage"), c => Texts(c.Body).Contains("nobody has accepted", StringComparison.Ordinal));
        // Still claimable: the escalated card keeps the Accept button.
        Assert.Contains(SlackIds.ActionAccept, escalation.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(SlackScenario.Channel, (string?)escalation.Body["channel"]);
        Assert.Contains($"<@{Marta}>", Texts(escalation.Body), StringComparison.Ordinal);
        Assert.Contains("not accepted within 5 min", Texts(escalation.Body), StringComparison.Ordinal);
        Assert.Contains(s.Slack.Calls("users.lookupByEmail"), c => (string?)c.Body["email"] == "marta.novak@contoso.com");
    }

    [Fact]
    public async Task Reminder_TellsTheOwnerWhenTheyAccepted_WithOutcomeButtons_ThenShowsTheOutcome()
    {
        var (s, leadId) = await AnnouncedAsync();
        await using var _ = s;
        await s.InteractionAsync(s.ButtonClick(SlackScenario.Anna, SlackIds.ActionAccept, leadId, SlackScenario.Channel, await AnnouncedTsAsync(s)));
        await s.DeliverDueAsync();
        var before = s.Slack.Calls("chat.postMessage").Count;

        await AfterAsync(s, TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1)); // one business day without an outcome

        var reminder = Assert.Single(s.Slack.Calls("chat.postMessage").Skip(before));
        Assert.Equal("D07REPALICE", (string?)reminder.Body["channel"]);
        var text = (string)reminder.Body["text"]!;
        Assert.Contains($"You accepted {s.Store.Find(leadId)!.DisplayName} 1 day ago and no outcome is recorded", text, StringComparison.Ordinal);
        Assert.Contains(Buttons(reminder.Body), b => (string?)b["action_id"] == SlackIds.OutcomeAction(Outcomes.Contacted) && (string?)b["value"] == leadId);

        await s.InteractionAsync(s.ButtonClick(SlackScenario.Anna, SlackIds.OutcomeAction(Outcomes.Contacted), leadId, "D07REPALICE", "1764493200.000003"));
        s.App.Clock.Advance(TimeSpan.FromSeconds(5));
        await s.DeliverDueAsync();

        var ts = s.Store.List<PostedCard>(Deliveries.Bag).Single(p => p.Kind.StartsWith("reminder#", StringComparison.Ordinal)).MessageId;
        var update = s.Slack.Calls("chat.update").Last(c => (string?)c.Body["ts"] == ts);
        Assert.DoesNotContain("no outcome is recorded", Texts(update.Body), StringComparison.Ordinal);
        Assert.Contains("Contacted", Texts(update.Body), StringComparison.Ordinal);
        await s.IdleAsync();
    }

    [Fact]
    public async Task ManagersNote_MentionsTheOwner_WhenTheReminderDidNotHelp()
    {
        var (s, leadId) = await AnnouncedAsync();
        await using var _ = s;
        await s.InteractionAsync(s.ButtonClick(SlackScenario.Anna, SlackIds.ActionAccept, leadId, SlackScenario.Channel, await AnnouncedTsAsync(s)));
        await s.DeliverDueAsync();
        await AfterAsync(s, TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        await AfterAsync(s, TimeSpan.FromDays(1)); // another business day: the managers hear of it

        var toMarta = Assert.Single(s.Slack.Calls("chat.postMessage"), c => (string?)c.Body["channel"] == "D07MARTA000");
        var texts = Texts(toMarta.Body);
        Assert.Contains($"<@{SlackScenario.Anna}> accepted", texts, StringComparison.Ordinal);
        Assert.Contains("2 days ago and has recorded no outcome, even after a reminder", texts, StringComparison.Ordinal);
        Assert.DoesNotContain(Buttons(toMarta.Body), b => (string?)b["action_id"] == SlackIds.ActionAccept);
        Assert.Contains(s.Store.List<PostedCard>(Deliveries.Bag), p => p.ConversationId == "D07MARTA000" && p.Kind.StartsWith(DeliveryPlan.OverdueSlot + "#", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reminder_AfterTheOutcomeWasRecorded_IsNotPosted()
    {
        var (s, leadId) = await AnnouncedAsync();
        await using var _ = s;
        var accept = await s.InteractionAsync(s.ButtonClick(SlackScenario.Anna, SlackIds.ActionAccept, leadId, SlackScenario.Channel, await AnnouncedTsAsync(s)));
        Assert.Equal(System.Net.HttpStatusCode.OK, accept.StatusCode);
        await s.IdleAsync();
        await s.DeliverDueAsync();
        var ownerCard = s.Store.List<PostedCard>(Deliveries.Bag).Single(p => p.ConversationId == "D07REPALICE");
        var outcome = await s.InteractionAsync(s.ButtonClick(SlackScenario.Anna, SlackIds.OutcomeAction(Outcomes.Meeting), leadId, "D07REPALICE", ownerCard.MessageId));
        Assert.Equal(System.Net.HttpStatusCode.OK, outcome.StatusCode);
        await s.IdleAsync();
        Assert.Equal(LeadState.Meeting, s.Store.Find(leadId)!.State); // the outcome is recorded before the late reminder arrives
        await s.DeliverDueAsync();
        var before = s.Slack.Calls("chat.postMessage").Count;
        var now = s.App.Clock.GetUtcNow();

        // Queued by the timer just before the outcome arrived, delivered after it.
        var result = await s.App.Get<SlackDelivery>().DeliverAsync(new OutboxMessage
        {
            Id = $"reminder:{leadId}:1", Kind = OutboxMessage.Kinds.Reminder, LeadId = leadId, Audience = "rep:" + SampleLeads.EmeaRep,
            Payload = new SlaNotice("first-touch", "No outcome recorded within 1 business day.", SampleLeads.EmeaRep).Write(), CreatedAt = now, DueAt = now,
        }, CancellationToken.None);

        Assert.Equal(new DeliveryResult(0, 0, false), result);
        Assert.Equal(before, s.Slack.Calls("chat.postMessage").Count);
        await s.IdleAsync();
    }
}
