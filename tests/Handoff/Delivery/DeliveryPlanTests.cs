using LeadBot.Handoff;
using LeadBot.Handoff.Delivery;
using LeadBot.Routing;
using LeadBot.Storage;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Handoff.Delivery;

/// <summary>One plan per outbox message, the same for every platform: who receives it and which card each sees.</summary>
public sealed class DeliveryPlanTests : IDisposable
{
    private readonly LeadBotApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<string> LeadAsync()
    {
        var response = await _app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea());
        response.EnsureSuccessStatusCode();
        return (await response.BodyAsync())["id"]!.GetValue<string>();
    }

    private OutboxMessage Message(string kind, string audience, string? leadId) =>
        new() { Id = $"{kind}:test", Kind = kind, LeadId = leadId, Audience = audience, CreatedAt = _app.Clock.GetUtcNow(), DueAt = _app.Clock.GetUtcNow() };

    [Fact]
    public async Task Announcement_GoesToTheTeamsChannels_AsTheChannelCard()
    {
        var leadId = await LeadAsync();

        var plan = _app.Get<DeliveryPlan>().For(Message(OutboxMessage.Kinds.Announce, Audiences.Team("EMEA"), leadId));

        var card = Assert.Single(plan.Cards);
        Assert.Equal((new Recipient.TeamChannel("EMEA"), CardLook.Channel, "announce"), (card.To, card.Look, card.Slot));
        Assert.Equal("EMEA", card.To.Subscription);
        Assert.Empty(card.People);
    }

    [Fact]
    public async Task ManagersReminder_IsTheOverdueNote_ToEachManagerPrivately_AndMootOnceTheOutcomeIsIn()
    {
        var leadId = await LeadAsync();
        var anna = new Actor(SampleLeads.EmeaRep, null, null, "Anna Schmidt");
        Assert.True(_app.Get<LeadActions>().Claim(leadId, anna, "api").Ok);
        var reminder = Message(OutboxMessage.Kinds.Reminder, Audiences.Managers("EMEA"), leadId);

        var card = Assert.Single(_app.Get<DeliveryPlan>().For(reminder).Cards);
        Assert.Equal(CardLook.Overdue, card.Look);
        Assert.Equal([SampleLeads.EmeaManager], card.People);
        Assert.Null(card.To.Subscription);
        Assert.StartsWith(DeliveryPlan.OverdueSlot + "#", card.Slot, StringComparison.Ordinal);

        Assert.True(_app.Get<LeadActions>().RecordOutcome(leadId, anna, "meeting", "api").Ok);
        var moot = _app.Get<DeliveryPlan>().For(reminder);
        Assert.Empty(moot.Cards);
        Assert.False(moot.Nowhere); // done, not waiting for someone to send it to
    }

    [Fact]
    public async Task Escalation_OfALeadAcceptedMeanwhile_IsMoot()
    {
        var leadId = await LeadAsync();
        var escalation = Message(OutboxMessage.Kinds.Escalate, Audiences.Team("EMEA"), leadId);
        Assert.Equal(CardLook.Escalation, Assert.Single(_app.Get<DeliveryPlan>().For(escalation).Cards).Look);

        Assert.True(_app.Get<LeadActions>().Claim(leadId, new Actor(SampleLeads.EmeaRep, null, null, "Anna Schmidt"), "api").Ok);

        Assert.Empty(_app.Get<DeliveryPlan>().For(escalation).Cards);
    }

    [Fact]
    public async Task Rejection_GoesToMarketing_AsTheRejectionCopy_WithTheRosterAsFallback()
    {
        var leadId = await LeadAsync();

        var card = Assert.Single(_app.Get<DeliveryPlan>().For(Message(OutboxMessage.Kinds.Rejected, Audiences.Marketing, leadId)).Cards);

        Assert.Equal((CardLook.Rejection, Audiences.Marketing), (card.Look, card.To.Subscription));
        Assert.Contains("mia.marketing@contoso.com", card.People);
    }

    [Fact]
    public async Task AnAudienceNoVersionWrites_IsAPermanentFailure_NotAWaitForever()
    {
        var leadId = await LeadAsync();

        var e = Assert.Throws<DeliveryException>(() => _app.Get<DeliveryPlan>().For(Message(OutboxMessage.Kinds.Announce, "channel:C123", leadId)));

        Assert.True(e.Permanent);
        Assert.Contains("channel:C123", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMessageNotForChat_AndAGoneLead_HaveNowhereToGo()
    {
        var plans = _app.Get<DeliveryPlan>();

        Assert.True(plans.For(Message("webhook", "https://crm.example/hook", null)).Nowhere);
        Assert.True(plans.For(Message(OutboxMessage.Kinds.Announce, Audiences.Team("EMEA"), "no-such-lead")).Nowhere);
    }

    [Theory]
    [InlineData("announce", CardLook.Channel)]
    [InlineData("offer", CardLook.Channel)]
    [InlineData("escalate#escalate:L:EMEA:1", CardLook.Channel)]
    [InlineData("overdue#reminder:L:managers:1", CardLook.Channel)]
    [InlineData("claimed", CardLook.Owner)]
    [InlineData("reminder#reminder:L:1", CardLook.Owner)]
    [InlineData("rejected", null)]
    [InlineData("digest#digest:marketing:20261207T0700", null)]
    public void APostedCopy_IsRedrawnByItsSlot(string slot, CardLook? look) => Assert.Equal(look, DeliveryPlan.OnUpdate(slot));
}
