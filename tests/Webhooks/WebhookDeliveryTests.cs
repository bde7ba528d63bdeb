using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Tests.Handoff.Delivery;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Webhooks;

/// <summary>Lead events through the real outbox and dispatcher to real receivers on loopback.</summary>
public sealed class WebhookDeliveryTests
{
    internal static Dictionary<string, string?> Hook(WebhookReceiver receiver, int index, params string[] events)
    {
        // The send timeout runs on the fake clock, which some tests move in steps while a send is in flight: the longest
        // allowed keeps a step from timing out a send that is merely slow on a busy machine.
        var settings = new Dictionary<string, string?>
        {
            [$"Webhooks:{index}:Url"] = receiver.Url, [$"Webhooks:{index}:Secret"] = receiver.Secret, [$"Webhooks:{index}:Timeout"] = "00:01:00",
        };
        for (var i = 0; i < events.Length; i++) settings[$"Webhooks:{index}:Events:{i}"] = events[i];
        return settings;
    }

    internal static Dictionary<string, string?> With(Dictionary<string, string?> a, Dictionary<string, string?> b) =>
        a.Concat(b).ToDictionary(kv => kv.Key, kv => kv.Value);

    internal static async Task<string> Post(DeliveryKit kit, Dictionary<string, object?> lead)
    {
        var response = await kit.App.Api().PostJsonAsync("/api/leads", lead);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.BodyAsync())["id"]!;
    }

    internal static async Task Step(DeliveryKit kit, string path, object body) =>
        Assert.Equal(HttpStatusCode.OK, (await kit.App.Api().PostJsonAsync(path, body)).StatusCode);

    [Fact]
    public async Task AcceptRejectionAndOutcome_EachReachTheReceiverOnce_Signed_WithoutContactDetails()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var kit = await DeliveryKit.StartAsync(Hook(receiver, 0, "lead.accepted", "lead.rejected", "lead.outcome"));

        var won = await Post(kit, SampleLeads.Emea("wh-1"));
        await Step(kit, $"/api/leads/{won}/accept", new { rep = SampleLeads.EmeaRep });
        // Moving the clock past the lease while a send is in flight would (rightly) send it again: let it finish first.
        await kit.Until(() => receiver.Accepted.Count == 1 && kit.App.Store.OutboxStats().Pending == 0, poll: true);
        kit.App.Clock.Advance(TimeSpan.FromHours(2));
        await Step(kit, $"/api/leads/{won}/outcome", new { outcome = "won", rep = SampleLeads.EmeaRep, amount = 12000 });
        var rejected = await Post(kit, SampleLeads.Emea("wh-2"));
        await Step(kit, $"/api/leads/{rejected}/reject", new { rep = SampleLeads.EmeaRep2, reason = "bad-contact-data", comment = "Number is disconnected" });

        await kit.Until(() => receiver.Accepted.Count >= 3 && kit.App.Store.OutboxStats().Pending == 0, poll: true);

        var calls = receiver.Calls;
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.True(c.Valid, $"signature of {c.EventId}"));
        Assert.All(calls, c => Assert.Equal(c.EventId, (string?)c.Body["id"]));
        Assert.Equal(3, calls.Select(c => c.EventId).Distinct().Count());
        Assert.All(calls, c => Assert.DoesNotContain("@nordwind.example", c.Body.ToJsonString()));
        Assert.All(calls, c => Assert.DoesNotContain("+47", c.Body.ToJsonString()));

        var accepted = calls.Single(c => c.Type == "lead.accepted").Body["lead"]!;
        Assert.Equal((won, "hubspot", "wh-1", "accepted", "EMEA", SampleLeads.EmeaRep),
            ((string?)accepted["id"], (string?)accepted["source"], (string?)accepted["externalId"], (string?)accepted["state"], (string?)accepted["team"], (string?)accepted["owner"]));
        var outcome = calls.Single(c => c.Type == "lead.outcome");
        Assert.Equal(("won", 12000m), ((string?)outcome.Body["lead"]!["outcome"], (decimal?)outcome.Body["lead"]!["amount"]));
        Assert.Equal(LeadBotApp.Start.AddHours(2), DateTimeOffset.Parse((string)outcome.Body["at"]!, System.Globalization.CultureInfo.InvariantCulture));
        var rejection = calls.Single(c => c.Type == "lead.rejected").Body["lead"]!;
        Assert.Equal((rejected, "rejected", "bad-contact-data", "Number is disconnected"),
            ((string?)rejection["id"], (string?)rejection["state"], (string?)rejection["reason"], (string?)rejection["comment"]));
        // Sent at once (the fake clock stood still meanwhile), so each was signed at the moment of its event.
        Assert.All(calls, c => Assert.Equal(DateTimeOffset.Parse((string)c.Body["at"]!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(), c.Timestamp));
    }

    [Fact]
    public async Task Intake_SendsReceivedAndQualifiedOrNotQualified_WithTheFailedCriteria()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var kit = await DeliveryKit.StartAsync(Hook(receiver, 0, "lead.received", "lead.qualified", "lead.not_qualified", "lead.offered"));

        var qualified = await Post(kit, SampleLeads.Emea("wh-q"));
        var nurture = await Post(kit, SampleLeads.Nurture("wh-n"));

        await kit.Until(() => receiver.Accepted.Count >= 5 && kit.App.Store.OutboxStats().Pending == 0, poll: true);
        var calls = receiver.Calls;
        Assert.Equal(["lead.received", "lead.qualified", "lead.offered"], calls.Where(c => (string?)c.Body["lead"]!["id"] == qualified).Select(c => c.Type));
        Assert.Equal(["lead.received", "lead.not_qualified"], calls.Where(c => (string?)c.Body["lead"]!["id"] == nurture).Select(c => c.Type));
        var notQualified = calls.Single(c => c.Type == "lead.not_qualified").Body["lead"]!;
        Assert.Equal("nurture", (string?)notQualified["state"]);
        Assert.Contains("score 35", (string?)notQualified["reason"]);
        Assert.Equal("offered", (string?)calls.Single(c => c.Type == "lead.offered").Body["lead"]!["state"]);
        Assert.Equal("received", (string?)calls.First(c => c.Type == "lead.received").Body["lead"]!["state"]);
    }

    [Fact]
    public async Task ReceiverAnswering500Twice_GetsTheEventOnTheThirdTry()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = n => n <= 2 ? 500 : 200;
        await using var kit = await DeliveryKit.StartAsync(With(Hook(receiver, 0, "lead.received"),
            new() { ["Delivery:FirstRetry"] = "00:00:01", ["Delivery:MaxRetryDelay"] = "00:00:02" }));

        var id = await Post(kit, SampleLeads.Emea("wh-retry"));

        await kit.Until(() => receiver.Accepted.Count == 1 && kit.App.Store.OutboxStats().Pending == 0, tick: TimeSpan.FromSeconds(1));
        var calls = receiver.Calls;
        Assert.Equal([500, 500, 200], calls.Select(c => c.Answered));
        Assert.Single(calls.Select(c => c.EventId).Distinct());
        Assert.All(calls, c => Assert.True(c.Valid));
        Assert.Equal(id, (string?)calls[2].Body["lead"]!["id"]);
        Assert.Equal(0, kit.App.Store.OutboxStats().Failed);
    }

    [Fact]
    public async Task ReceiverAnswering429_IsTriedAgainOnlyAfterItsRetryAfter()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = n => n == 1 ? 429 : 200;
        receiver.RetryAfter = "120";
        await using var kit = await DeliveryKit.StartAsync(With(Hook(receiver, 0, "lead.received"), new() { ["Delivery:MaxAttempts"] = "1" }));

        await Post(kit, SampleLeads.Emea("wh-429"));
        // The clock moves in steps whatever the dispatcher is doing; each try is signed with the (fake) time it was sent,
        // so the gap between the two tries shows whether the second waited out Retry-After, however slow the machine.
        await kit.Until(() => receiver.Accepted.Count == 1, tick: TimeSpan.FromSeconds(1));

        var calls = receiver.Calls;
        Assert.Equal([429, 200], calls.Select(c => c.Answered));
        Assert.True(calls[1].Timestamp - calls[0].Timestamp >= 120, $"tried again {calls[1].Timestamp - calls[0].Timestamp} s after a 429 saying 120");
        // Throttling is not a failure: with one attempt allowed, the message was still not parked.
        Assert.Equal(0, kit.App.Store.OutboxStats().Failed);
    }

    [Fact]
    public async Task DeadReceiver_EventsPark_ShowOnHealth_AndTheOutboxApiSendsThemAgain()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Dead = true;
        await using var kit = await DeliveryKit.StartAsync(With(Hook(receiver, 0, "lead.received"),
            new() { ["Delivery:MaxAttempts"] = "2", ["Delivery:FirstRetry"] = "00:00:01", ["Delivery:MaxRetryDelay"] = "00:00:02" }));

        var ids = new[] { await Post(kit, SampleLeads.Emea("wh-dead-1")), await Post(kit, SampleLeads.Emea("wh-dead-2")) };
        await kit.Until(() => kit.App.Store.OutboxStats().Failed == 2, tick: TimeSpan.FromSeconds(1));

        // The dead receiver held up nothing else: both announcements reached the chat platform.
        Assert.Equal(ids.Order(), kit.Server.Posts.Where(p => p.Kind == "announce").Select(p => p.LeadId!).Order());
        var health = await (await kit.App.Api().GetAsync("/healthz")).BodyAsync();
        var parked = health["delivery"]!["failed"]!.AsArray();
        Assert.Equal(ids.Order(), parked.Select(p => (string)p!["leadId"]!).Order());
        Assert.All(parked, p => Assert.Equal("webhook", (string?)p!["kind"]));
        Assert.All(parked, p => Assert.Contains(receiver.Url, (string?)p!["lastError"]));
        Assert.Empty(receiver.Accepted);

        receiver.Dead = false;
        var retried = await (await kit.App.Api().PostJsonAsync("/api/outbox/retry", new { })).BodyAsync();
        Assert.Equal(2, (int?)retried["retried"]);

        await kit.Until(() => receiver.Accepted.Count == 2 && kit.App.Store.OutboxStats() is { Pending: 0, Failed: 0 }, poll: true);
        Assert.Equal(ids.Order(), receiver.Accepted.Select(c => (string)c.Body["lead"]!["id"]!).Order());
        Assert.All(receiver.Accepted, c => Assert.True(c.Valid));
    }

    [Fact]
    public async Task SlowReceiver_DelaysNeitherTheCardsNorAnotherReceiver()
    {
        await using var slow = await WebhookReceiver.StartAsync();
        await using var fast = await WebhookReceiver.StartAsync("another-secret-0123456789");
        slow.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var kit = await DeliveryKit.StartAsync(With(Hook(slow, 0, "lead.received", "lead.offered"), Hook(fast, 1, "lead.received", "lead.offered")));

        var ids = new List<string>();
        for (var i = 0; i < 6; i++) ids.Add(await Post(kit, SampleLeads.Emea($"wh-slow-{i}")));

        // The clock creeps (10 ms a round) so the dispatcher's poll runs as it would in real time; far from the 1-minute
        // send timeout that would release the held sends.
        try { await kit.Until(() => fast.Accepted.Count == 12 && kit.Server.Posts.Count(p => p.Kind == "announce") == 6, tick: TimeSpan.FromMilliseconds(10)); }
        catch (TimeoutException) { Assert.Fail($"fast {fast.Accepted.Count}, slow {slow.Calls.Count}, announced {kit.Server.Posts.Count(p => p.Kind == "announce")}, {kit.App.Store.OutboxStats()}"); }
        Assert.Empty(slow.Calls);
        Assert.All(fast.Calls, c => Assert.True(c.Valid));

        slow.Hold.SetResult();
        await kit.Until(() => slow.Accepted.Count == 12 && kit.App.Store.OutboxStats().Pending == 0, tick: TimeSpan.FromMilliseconds(100));
        // Each lead's events reached the slow receiver in the order they happened.
        foreach (var id in ids)
            Assert.Equal(["lead.received", "lead.offered"], slow.Calls.Where(c => (string?)c.Body["lead"]!["id"] == id).Select(c => c.Type));
    }
}
