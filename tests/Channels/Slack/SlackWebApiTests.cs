using LeadBot.Cards;
using LeadBot.Channels;
using LeadBot.Channels.Slack;
using LeadBot.Handoff.Delivery;
using LeadBot.Storage;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Slack;

/// <summary>The Web API client and the delivery against Slack's failure modes: 429 + Retry-After, ok:false, 5xx, bursts.</summary>
public sealed class SlackWebApiTests
{
    private static readonly SlackMessage Hello = new("hello", [new System.Text.Json.Nodes.JsonObject { ["type"] = "divider" }]);

    [Fact]
    public async Task RateLimited_HonoursRetryAfter_BeforeCallingAgain()
    {
        await using var s = await SlackScenario.StartAsync();
        var api = s.App.Get<SlackWebApi>();
        var ts = (await api.PostMessageAsync("C1", Hello, null, CancellationToken.None)).Ts;
        s.Slack.RateLimit("chat.update", 30);

        var limited = await Assert.ThrowsAsync<SlackApiException>(() => api.UpdateAsync("C1", ts, Hello, CancellationToken.None));
        Assert.Equal("ratelimited", limited.Error);
        Assert.Equal(TimeSpan.FromSeconds(30), limited.RetryAfter);
        Assert.False(limited.Permanent);

        s.App.Clock.Advance(TimeSpan.FromSeconds(20));
        var still = await Assert.ThrowsAsync<SlackApiException>(() => api.UpdateAsync("C1", ts, Hello, CancellationToken.None));
        Assert.Equal(TimeSpan.FromSeconds(10), still.RetryAfter);
        Assert.Single(s.Slack.Calls("chat.update")); // the second attempt never reached Slack

        s.App.Clock.Advance(TimeSpan.FromSeconds(10));
        await api.UpdateAsync("C1", ts, Hello, CancellationToken.None);
        Assert.Equal(2, s.Slack.Calls("chat.update").Count);
    }

    [Fact]
    public async Task Update_OfAMessageSlackNeverPosted_IsMessageNotFound()
    {
        await using var s = await SlackScenario.StartAsync();
        var api = s.App.Get<SlackWebApi>();
        var ts = (await api.PostMessageAsync("C1", Hello, null, CancellationToken.None)).Ts;

        var missing = await Assert.ThrowsAsync<SlackApiException>(() => api.UpdateAsync("C1", "1764493200.999999", Hello, CancellationToken.None));
        var elsewhere = await Assert.ThrowsAsync<SlackApiException>(() => api.UpdateAsync("C2", ts, Hello, CancellationToken.None));

        Assert.Equal("message_not_found", missing.Error);
        Assert.Equal("message_not_found", elsewhere.Error);
        await api.UpdateAsync("C1", ts, Hello, CancellationToken.None);
    }

    [Fact]
    public async Task PostMessage_Burst_IsPacedToOnePerSecondPerChannel()
    {
        await using var s = await SlackScenario.StartAsync();
        var api = s.App.Get<SlackWebApi>();

        await api.PostMessageAsync("C1", Hello, null, CancellationToken.None);
        var second = api.PostMessageAsync("C1", Hello, null, CancellationToken.None);
        var third = api.PostMessageAsync("C1", Hello, null, CancellationToken.None);
        await api.PostMessageAsync("C2", Hello, null, CancellationToken.None); // another channel does not wait

        Assert.Equal(["C1", "C2"], s.Slack.Calls("chat.postMessage").Select(c => (string?)c.Body["channel"]));
        s.App.Clock.Advance(TimeSpan.FromSeconds(1));
        await second;
        Assert.False(third.IsCompleted);
        s.App.Clock.Advance(TimeSpan.FromSeconds(1));
        await third;
        Assert.Equal(3, s.Slack.Calls("chat.postMessage").Count(c => (string?)c.Body["channel"] == "C1"));
    }

    [Theory]
    [InlineData("channel_not_found", true)]
    [InlineData("not_in_channel", true)]
    [InlineData("invalid_auth", true)]
    [InlineData("internal_error", false)]
    public async Task Delivery_OkFalse_IsSurfacedAsDeliveryException(string error, bool permanent)
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        await s.IntakeAsync(SampleLeads.Emea());
        s.Slack.Fail("chat.postMessage", error);

        var result = Assert.Single(await s.TryDeliverDueAsync());

        var failure = Assert.IsType<DeliveryException>(result.Error);
        Assert.Equal(permanent, failure.Permanent);
        Assert.Contains("chat.postMessage", failure.Message);
        Assert.Contains(error, failure.Message);
        Assert.Empty(s.Store.List<PostedCard>(Deliveries.Bag));
    }

    [Fact]
    public async Task Delivery_RateLimited_CarriesRetryAfter_AndTheRetryPostsOnce()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        await s.IntakeAsync(SampleLeads.Emea());
        s.Slack.RateLimit("chat.postMessage", 7);

        var failure = Assert.IsType<DeliveryException>(Assert.Single(await s.TryDeliverDueAsync()).Error);
        Assert.Equal(TimeSpan.FromSeconds(7), failure.RetryAfter);
        Assert.False(failure.Permanent);

        s.App.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(await s.DeliverDueAsync());
        Assert.Single(s.Store.List<PostedCard>(Deliveries.Bag));
        Assert.Equal(2, s.Slack.Calls("chat.postMessage").Count);
    }

    [Fact]
    public async Task Delivery_OneBrokenChannel_DoesNotStopTheOthers()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync("EMEA", "C0ARCHIVED1");
        await s.SubscribeAsync("EMEA", SlackScenario.Channel);
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        s.Slack.Fail("chat.postMessage", "is_archived", channel: "C0ARCHIVED1");

        Assert.Single(await s.DeliverDueAsync());

        var posted = Assert.Single(s.App.Get<Deliveries>().ForLead(leadId, "slack"));
        Assert.Equal(SlackScenario.Channel, posted.ConversationId);
    }

    [Fact]
    public async Task Delivery_Repeated_SkipsWhatWasAlreadyPosted()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        await s.IntakeAsync(SampleLeads.Emea());
        var message = s.Store.TakeDue(s.App.Clock.GetUtcNow(), 10, "crashy", TimeSpan.FromMinutes(1)).Single(m => m.Kind == OutboxMessage.Kinds.Announce);
        var delivery = s.App.Get<SlackDelivery>();

        var first = await delivery.DeliverAsync(message, CancellationToken.None);
        // The process "crashed" before completing the outbox message: the dispatcher hands it over again.
        var again = await delivery.DeliverAsync(message, CancellationToken.None);

        Assert.Equal(new DeliveryResult(1, 0, false), first);
        Assert.Equal(new DeliveryResult(0, 1, false), again);
        Assert.Single(s.Slack.Calls("chat.postMessage"));
    }

    [Fact]
    public async Task Delivery_NobodySubscribed_IsNowhere()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.IntakeAsync(SampleLeads.Emea());

        var message = s.Store.TakeDue(s.App.Clock.GetUtcNow(), 10, "t", TimeSpan.FromMinutes(1)).Single();
        var result = await s.App.Get<SlackDelivery>().DeliverAsync(message, CancellationToken.None);

        Assert.Equal(DeliveryResult.Nowhere, result);
        Assert.Empty(s.Slack.Calls());
    }

    [Fact]
    public async Task ServerError_IsTransient()
    {
        await using var s = await SlackScenario.StartAsync();
        s.Slack.ServerError("views.publish");

        var e = await Assert.ThrowsAsync<SlackApiException>(() =>
            s.App.Get<SlackWebApi>().PublishViewAsync("U1", new System.Text.Json.Nodes.JsonObject { ["type"] = "home" }, CancellationToken.None));

        Assert.Equal("http_503", e.Error);
        Assert.False(e.ToDelivery().Permanent);
    }
}

public sealed class SlackDeliveryKindsTests
{
    [Fact]
    public async Task Escalations_EachPostedOnce_AndUpdatedWithTheCard()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        await s.DeliverDueAsync();
        var delivery = s.App.Get<SlackDelivery>();
        OutboxMessage Escalation(int n) => new()
        {
            Id = $"escalate:{leadId}:EMEA:{n}", Kind = OutboxMessage.Kinds.Escalate, LeadId = leadId, Audience = "team:EMEA",
            CreatedAt = s.App.Clock.GetUtcNow(), DueAt = s.App.Clock.GetUtcNow(),
        };

        s.App.Clock.Advance(TimeSpan.FromHours(1)); // posts to one channel are paced a second apart
        await delivery.DeliverAsync(Escalation(1), CancellationToken.None);
        s.App.Clock.Advance(TimeSpan.FromHours(1));
        await delivery.DeliverAsync(Escalation(2), CancellationToken.None);
        var repeat = await delivery.DeliverAsync(Escalation(2), CancellationToken.None);
        var updated = await delivery.DeliverAsync(new OutboxMessage
        {
            Id = "card-update:" + leadId, Kind = OutboxMessage.Kinds.CardUpdate, LeadId = leadId, Audience = "posted",
            CreatedAt = s.App.Clock.GetUtcNow(), DueAt = s.App.Clock.GetUtcNow(),
        }, CancellationToken.None);

        Assert.Equal(new DeliveryResult(0, 1, false), repeat);
        Assert.Equal(3, s.Slack.Calls("chat.postMessage").Count); // announcement + two escalations
        Assert.Contains("Waiting", Texts(s.Slack.Calls("chat.postMessage")[1].Body));
        Assert.Equal(new DeliveryResult(3, 0, false), updated);
    }

    private static string Texts(System.Text.Json.Nodes.JsonNode? body) => SlackHandoffTests.Texts(body);
}
