using System.Net;
using LeadBot.Tests.Agreement;
using LeadBot.Tests.Handoff.Delivery;
using LeadBot.Tests.Support;
using static LeadBot.Tests.Webhooks.WebhookDeliveryTests;

namespace LeadBot.Tests.Webhooks;

/// <summary>agreement.changed through the real approval API, outbox and dispatcher to a receiver on loopback.</summary>
public sealed class AgreementWebhookTests
{
    [Fact]
    public async Task AnApprovedProposal_SendsAgreementChangedOnce_WithTheNewVersion_AndAPendingOneSendsNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var kit = await DeliveryKit.StartAsync(Hook(receiver, 0, "agreement.changed"));
        var api = kit.App.Api();

        var id = (string)(await AgreementScenario.Post(api, "/api/criteria/proposals", new { change = "set minScore to 75", by = AgreementScenario.Marketer }, HttpStatusCode.Created))["id"]!;
        await AgreementScenario.Post(api, $"/api/criteria/proposals/{id}/approve", new { by = AgreementScenario.Marketer }, HttpStatusCode.OK);
        var applied = await AgreementScenario.Post(api, $"/api/criteria/proposals/{id}/approve", new { by = AgreementScenario.Manager }, HttpStatusCode.OK);
        Assert.Equal(2, (int?)applied["version"]);
        // A repeated approval of an applied proposal makes no new version and no new event.
        await AgreementScenario.Post(api, $"/api/criteria/proposals/{id}/approve", new { by = AgreementScenario.Manager }, HttpStatusCode.OK);

        // Waits for the receiver only: the proposal's own cards share the outbox and may still be on their way.
        await kit.Until(() => receiver.Accepted.Count >= 1, poll: true);
        // One event: the first approval (one side) changed nothing in force, the repeat made no new version.
        Assert.Equal(2, (int)(await (await api.GetAsync("/api/criteria")).BodyAsync())["version"]!);
        var call = Assert.Single(receiver.Calls);
        Assert.True(call.Valid);
        Assert.Equal(("agreement.changed", "agreement.v2"), (call.Type, call.EventId));
        Assert.Null(call.Body["lead"]);
        var data = call.Body["data"]!;
        Assert.Equal((2, 1, id), ((int)data["version"]!, (int)data["previous"]!, (string?)data["proposalId"]));
        Assert.Equal(75, (int)data["rules"]!["minScore"]!);
        Assert.Contains("minScore", (string?)data["change"]);
        Assert.Equal(new[] { AgreementScenario.Marketer, AgreementScenario.Manager }.Order(), data["approvedBy"]!.AsArray().Select(a => (string)a!).Order());
    }
}
