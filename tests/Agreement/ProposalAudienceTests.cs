using System.Net;
using LeadBot.Storage;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Agreement;

/// <summary>Who a proposal's card goes to: every team's managers for the criteria, one team's for its commitments; marketing always.</summary>
public sealed class ProposalAudienceTests
{
    [Fact]
    public async Task ACriteriaChange_GoesToEveryTeamsManagers_ACommitment_OnlyToThatTeams()
    {
        using var app = new LeadBotApp();
        var api = app.Api();

        var criteria = await AgreementScenario.Post(api, "/api/criteria/proposals", new { change = "set minScore to 75", by = AgreementScenario.Marketer }, HttpStatusCode.Created);
        var commitment = await AgreementScenario.Post(api, "/api/criteria/proposals", new { change = "set claimWithin for EMEA to 10m", by = AgreementScenario.Manager }, HttpStatusCode.Created);

        var due = app.Store.TakeDue(app.Clock.GetUtcNow(), 1000, "test", TimeSpan.FromMinutes(5)).Where(m => m.Kind == OutboxMessage.Kinds.Proposal).ToList();
        Assert.Equal(["managers:EMEA", "managers:Enterprise", "managers:Inside Sales", "managers:North America", "marketing"],
            due.Where(m => m.Payload == (string)criteria["id"]!).Select(m => m.Audience).Order(StringComparer.Ordinal));
        Assert.Equal(["managers:EMEA", "marketing"], due.Where(m => m.Payload == (string)commitment["id"]!).Select(m => m.Audience).Order(StringComparer.Ordinal));
    }
}
