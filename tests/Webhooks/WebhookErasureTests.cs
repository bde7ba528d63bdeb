using System.Net;
using LeadBot.Tests.Handoff.Delivery;
using LeadBot.Tests.Support;
using static LeadBot.Tests.Webhooks.WebhookDeliveryTests;

namespace LeadBot.Tests.Webhooks;

/// <summary>Erasure and webhooks through the real bot: lead.erased goes out, nothing written about the person before it does.</summary>
public sealed class WebhookErasureTests
{
    [Fact]
    public async Task Erasure_DropsTheUnsentEvents_AndSendsLeadErasedWithTheSourceKeyOnly()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = _ => 503;
        // Retries wait for the fake clock, so the events stay unsent until the test moves it.
        await using var kit = await DeliveryKit.StartAsync(With(Hook(receiver, 0, "lead.received", "lead.accepted", "lead.erased"),
            new() { ["Delivery:FirstRetry"] = "00:01:00", ["Delivery:MaxRetryDelay"] = "00:01:00", ["Delivery:MaxAttempts"] = "50" }));

        var erased = await Post(kit, SampleLeads.Emea("wh-erase-1"));
        await Step(kit, $"/api/leads/{erased}/accept", new { rep = SampleLeads.EmeaRep });
        var kept = await Post(kit, SampleLeads.NorthAmerica("wh-keep-1"));
        // Each of the three events has been tried once and refused: none is in flight when the erasure runs (a request
        // already on its way before an erasure may rightly arrive; that is not what this test is about).
        await kit.Until(() => receiver.Calls.Select(c => c.EventId).Distinct().Count() == 3, poll: true);

        var response = await kit.App.Api().PostJsonAsync("/api/people/erase", new { email = "wh-erase-1@nordwind.example" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.BodyAsync();
        Assert.Equal([erased], answer["erased"]!.AsArray().Select(n => (string)n!));
        // Its two webhook events were still unsent: dropped with the rest, or (when the refused attempt was still being
        // settled as the erasure ran, which the receiver's record cannot show) refused by the delivery's own erased check.
        // Either way none of them reaches the receiver, which the assertions below check.
        Assert.Equal(System.Text.Json.JsonValueKind.Number, answer["messagesDropped"]!.GetValueKind());

        receiver.Status = _ => 200;
        await kit.Until(() => receiver.Accepted.Count >= 2 && kit.App.Store.OutboxStats().Pending == 0, tick: TimeSpan.FromSeconds(20));

        var calls = receiver.Accepted;
        Assert.Equal(["lead.erased"], calls.Where(c => (string?)c.Body["lead"]!["id"] == erased).Select(c => c.Type));
        Assert.Equal(["lead.received"], calls.Where(c => (string?)c.Body["lead"]!["id"] == kept).Select(c => c.Type));
        var gone = calls.Single(c => c.Type == "lead.erased");
        Assert.True(gone.Valid);
        var lead = gone.Body["lead"]!.AsObject();
        // The receiver's own key, so it can erase its copy; no team, owner, reason or contact detail.
        Assert.Equal(("hubspot", "wh-erase-1", "accepted"), ((string?)lead["source"], (string?)lead["externalId"], (string?)lead["state"]));
        Assert.Equal(["id", "source", "externalId", "state"], lead.Select(p => p.Key));
        var body = gone.Body.ToJsonString();
        foreach (var personal in new[] { "nordwind", "Ingrid", "Larsen", "+47", "Nordwind Logistics" }) Assert.DoesNotContain(personal, body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AfterErasure_NoFurtherEventIsSentAboutTheLead()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var kit = await DeliveryKit.StartAsync(Hook(receiver, 0, "lead.received", "lead.accepted", "lead.erased"));

        var id = await Post(kit, SampleLeads.Emea("wh-erase-2"));
        await kit.Until(() => receiver.Accepted.Count == 1 && kit.App.Store.OutboxStats().Pending == 0, poll: true);
        Assert.Equal(HttpStatusCode.OK, (await kit.App.Api().PostJsonAsync("/api/people/erase", new { source = "hubspot", externalId = "wh-erase-2" })).StatusCode);
        await kit.Until(() => receiver.Accepted.Count == 2 && kit.App.Store.OutboxStats().Pending == 0, poll: true);

        // The erased lead is frozen: an accept is refused and so sends nothing.
        Assert.Equal(HttpStatusCode.Conflict, (await kit.App.Api().PostJsonAsync($"/api/leads/{id}/accept", new { rep = SampleLeads.EmeaRep })).StatusCode);
        // The same record posted again is a new lead (erasure gave up the key), announced as new: lead.received of another id.
        var again = await Post(kit, SampleLeads.Emea("wh-erase-2"));
        await kit.Until(() => receiver.Accepted.Count == 3 && kit.App.Store.OutboxStats().Pending == 0, poll: true);

        Assert.NotEqual(id, again);
        Assert.Equal(["lead.received", "lead.erased"], receiver.Accepted.Where(c => (string?)c.Body["lead"]!["id"] == id).Select(c => c.Type));
        Assert.Equal(["lead.received"], receiver.Accepted.Where(c => (string?)c.Body["lead"]!["id"] == again).Select(c => c.Type));
    }
}
