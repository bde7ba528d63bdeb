using LeadBot.Cards;
using LeadBot.Channels;
using LeadBot.Handoff;
using LeadBot.Handoff.Delivery;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels;

/// <summary>The views both platforms draw for a planned look.</summary>
public sealed class DeliveryViewsTests : IDisposable
{
    private readonly LeadBotApp _app = new();
    private static readonly Actor Anna = new(SampleLeads.EmeaRep, null, null, "Anna Schmidt");

    public void Dispose() => _app.Dispose();

    private async Task<string> LeadAsync(string externalId = "views-1")
    {
        var response = await _app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea(externalId));
        response.EnsureSuccessStatusCode();
        return (await response.BodyAsync())["id"]!.GetValue<string>();
    }

    private CardShown Draw(CardLook look, OutboxMessage message) => _app.Get<DeliveryViews>().For(look, _app.Get<DeliveryPlan>().For(message));

    private OutboxMessage Message(string kind, string audience, string leadId) =>
        new() { Id = $"{kind}:{leadId}", Kind = kind, LeadId = leadId, Audience = audience, CreatedAt = _app.Clock.GetUtcNow(), DueAt = _app.Clock.GetUtcNow() };

    [Fact]
    public async Task MarketingsRejectionCopy_IsTheRejectionAsTheHistoryHasIt_EvenAfterTheLeadWasOfferedAgain()
    {
        var leadId = await LeadAsync();
        Assert.True(_app.Get<LeadActions>().Reject(leadId, Anna, "no-budget", "Budget frozen until Q3", "api").Ok);
        // Offered again since (as after a reassignment): the lead itself no longer says it was rejected.
        var rejected = _app.Store.Find(leadId)!;
        Assert.True(_app.Store.TryUpdate(new LeadChange(rejected with { State = LeadState.Offered, Version = rejected.Version + 1 }, [])));

        var copy = Draw(CardLook.Rejection, Message(OutboxMessage.Kinds.Rejected, Audiences.Marketing, leadId));

        var view = Assert.IsType<RejectedView>(copy.View);
        Assert.Equal(("no-budget", "Budget frozen until Q3", "Anna Schmidt"), (view.Reason, view.Comment, view.By.DisplayName));
        Assert.IsType<AnnouncementView>(Draw(CardLook.Channel, Message(OutboxMessage.Kinds.Announce, Audiences.Team("EMEA"), leadId)).View);
    }

    [Fact]
    public async Task TheOwnersCard_HasTheOutcomeButtonsWhileOpen_TheStateOnceWorked_AndNoneOnceClosed()
    {
        var leadId = await LeadAsync();
        var actions = _app.Get<LeadActions>();
        var claimed = Message(OutboxMessage.Kinds.Claimed, Audiences.Rep(SampleLeads.EmeaRep), leadId);
        Assert.True(actions.Claim(leadId, Anna, "api").Ok);

        var accepted = Draw(CardLook.Owner, claimed);
        Assert.True(actions.RecordOutcome(leadId, Anna, "contacted", "api").Ok);
        var worked = Draw(CardLook.Owner, claimed);
        Assert.True(actions.RecordOutcome(leadId, Anna, "won", "api").Ok);
        var won = Draw(CardLook.Owner, claimed);

        Assert.True(Assert.IsType<ClaimedView>(accepted.View).Fields == ChannelFields.All && accepted.ForOwner);
        Assert.Equal("contacted", Assert.IsType<OutcomeView>(worked.View).Lead.State);
        Assert.False(won.ForOwner);
        Assert.Same(ChannelFields.All, Assert.IsType<ClaimedView>(won.View).Fields); // the contact details stay on the owner's card
    }

    [Fact]
    public void ADigestWithoutAReport_IsAPermanentFailure()
    {
        var message = new OutboxMessage
        {
            Id = "digest:marketing:x", Kind = OutboxMessage.Kinds.Digest, Audience = Audiences.Marketing, Payload = "{\"type\":\"pipeline\"}",
            CreatedAt = _app.Clock.GetUtcNow(), DueAt = _app.Clock.GetUtcNow(),
        };

        var e = Assert.Throws<DeliveryException>(() => Draw(CardLook.Digest, message));

        Assert.True(e.Permanent);
    }
}
