using LeadBot.Cards;
using LeadBot.Channels;
using LeadBot.Leads;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels;

public sealed class CardViewsTests : IDisposable
{
    private readonly LeadBotApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Lead Lead(LeadState state) => new()
    {
        Id = "L1", Source = "hubspot", ExternalId = "1", ReceivedAt = LeadBotApp.Start, State = state, Team = "EMEA",
        OfferedAt = LeadBotApp.Start, FirstName = "Ingrid",
    };

    [Fact]
    public void EscalatedLead_StillOffersAcceptAndReject_AndMentionsTheManagers()
    {
        _app.Clock.Advance(TimeSpan.FromMinutes(7));

        var view = Assert.IsType<EscalatedView>(_app.Get<CardViews>().ForChannel(Lead(LeadState.Expired)));
        var card = AdaptiveCards.Escalated(view);

        Assert.False(view.Expired);
        Assert.Equal(TimeSpan.FromMinutes(7), view.Waiting);
        Assert.Equal(["Marta Novak"], view.Managers.Select(m => m.DisplayName));
        // Reject sits in a ShowCard (its reason form), so the verbs are looked for anywhere in the card.
        var verbs = LeadBot.Tests.Cards.CardTestKit.Objects(card).Where(o => (string?)o["type"] == "Action.Execute")
            .ToDictionary(o => (string)o["verb"]!, o => (string?)o["data"]?[CardData.LeadId]);
        Assert.Equal("L1", verbs[CardVerbs.Accept]);
        Assert.Equal("L1", verbs[CardVerbs.Reject]);
        Assert.Contains(LeadBot.Tests.Cards.CardTestKit.Strings(card), s => s.Value.Contains("Marta Novak", StringComparison.Ordinal));
    }

    [Fact]
    public void OfferedLead_IsAnAnnouncement_AndAClaimedOneShowsItsOwner()
    {
        var views = _app.Get<CardViews>();
        var claimed = Lead(LeadState.Accepted) with { Owner = new LeadOwner("anna.schmidt@contoso.com", "Anna Schmidt"), ClaimedAt = LeadBotApp.Start.AddMinutes(2) };

        Assert.IsType<AnnouncementView>(views.ForChannel(Lead(LeadState.Offered)));
        var view = Assert.IsType<ClaimedView>(views.ForChannel(claimed));
        Assert.Equal("Anna Schmidt", view.Owner.DisplayName);
        Assert.Equal(TimeSpan.FromMinutes(2), view.TimeToClaim);
        Assert.False(view.Fields.Shows("email"));
    }

    [Fact]
    public async Task ALeadsCard_NamesTheAgreementVersionThatQualifiedIt_OnTeamsAndSlack()
    {
        var answer = await (await _app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea("card-version"))).BodyAsync();
        var lead = _app.Store.Find((string)answer["id"]!)!;

        var view = Assert.IsType<AnnouncementView>(_app.Get<CardViews>().ForChannel(lead));

        Assert.Equal((1, 1), (lead.AgreementVersion, view.Lead.AgreementVersion));
        Assert.Contains(LeadBot.Tests.Cards.CardTestKit.Strings(AdaptiveCards.Announcement(view)), s => s.Value.EndsWith("· agreement v1", StringComparison.Ordinal));
        Assert.Contains(" agreement v1", (string?)BlockKit.Announcement(view).Blocks.Last()!["elements"]![0]!["text"], StringComparison.Ordinal);
    }
}
