using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Channels;
using LeadBot.Handoff.Delivery;
using LeadBot.Leads;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Teams;

public sealed class TeamsEndToEndTests : IAsyncLifetime
{
    private readonly TeamsTestApp _app = new();
    private static readonly JsonObject Anna = Activities.User("aad-anna", "Anna Schmidt");
    // The EMEA manager: only she (or an admin) may point EMEA's leads at a channel.
    private static readonly JsonObject Marta = Activities.User("aad-marta", "Marta Novak");
    private static readonly JsonObject Luca = Activities.User("aad-luca", "Luca Rossi");

    public Task InitializeAsync()
    {
        _app.Fake.Directory["aad-anna"] = SampleLeads.EmeaRep;
        _app.Fake.Directory["aad-luca"] = SampleLeads.EmeaRep2;
        _app.Fake.Directory["aad-marta"] = SampleLeads.EmeaManager;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> SubscribedChannelWithLeadAsync(string externalId)
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(Activities.InstallInChannel(_app, Anna))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(Activities.ChannelMention(_app, Marta, "subscribe EMEA"))).StatusCode);
        var intake = await _app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea(externalId));
        Assert.True(intake.IsSuccessStatusCode, await intake.Content.ReadAsStringAsync());
        await _app.DeliverOutboxAsync();
        return _app.Store.FindByKey("hubspot", externalId)!.Id;
    }

    private ConnectorCall Announcement(string leadId) => Assert.Single(_app.Fake.ConnectorCalls, c =>
        c.Method == "POST" && c.Path == $"/amer/v3/conversations/{TeamsTestApp.ChannelId}/activities" && c.Body!.ToJsonString().Contains(leadId, StringComparison.Ordinal));

    [Fact]
    public async Task Install_Subscribe_Announce_Accept_UpdatesTheCardForEveryone()
    {
        var leadId = await SubscribedChannelWithLeadAsync("e2e-accept");

        var calls = _app.Fake.ConnectorCalls;
        Assert.Contains(calls, c => c.Method == "POST" && c.Path.EndsWith(TeamsTestApp.ChannelId + "/activities", StringComparison.Ordinal)
            && c.Body!.ToJsonString().Contains("LeadBot help", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.Body?["text"]?.GetValue<string>() == "This conversation now receives new EMEA leads.");
        Assert.All(calls, c => Assert.StartsWith("Bearer connector-token-", c.Authorization));
        var announcement = Announcement(leadId);
        var card = announcement.Body!["attachments"]![0]!["content"]!;
        Assert.Contains("\"verb\":\"accept\"", card.ToJsonString(), StringComparison.Ordinal);
        var posted = Assert.Single(_app.Get<Deliveries>().ForLead(leadId, "teams"), p => p.Kind == "announce");
        Assert.Equal(TeamsTestApp.ChannelId, posted.ConversationId);

        var click = await _app.PostAsync(Activities.Execute(_app, Anna, "accept", Activities.LeadData(leadId), posted.MessageId));
        Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        var answer = await click.BodyAsync();
        Assert.Equal(200, answer["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", answer["type"]!.GetValue<string>());
        var ownerCard = answer["value"]!.ToJsonString();
        Assert.Contains("Accepted by Anna Schmidt", ownerCard, StringComparison.Ordinal);
        Assert.Contains("\"verb\":\"outcome\"", ownerCard, StringComparison.Ordinal); // owner's version: outcome buttons
        Assert.Equal(LeadState.Accepted, _app.Store.Find(leadId)!.State);

        await _app.DeliverOutboxAsync();
        // (Anna's 1:1 copy of the claim may be updated too, depending on which outbox message went first.)
        var update = Assert.Single(_app.Fake.ConnectorCalls, c => c.Method == "PUT" && c.Path.Contains(TeamsTestApp.ChannelId, StringComparison.Ordinal));
        Assert.Equal($"/amer/v3/conversations/{TeamsTestApp.ChannelId}/activities/{posted.MessageId}", update.Path);
        var everyone = update.Body!.ToJsonString();
        Assert.Contains("Accepted by Anna Schmidt", everyone, StringComparison.Ordinal);
        Assert.DoesNotContain("\"verb\":\"accept\"", everyone, StringComparison.Ordinal);
        // The claim also reaches Anna in a 1:1 chat, opened with the tenant id.
        var create = Assert.Single(_app.Fake.ConnectorCalls, c => c.Method == "POST" && c.Path == "/amer/v3/conversations");
        Assert.Equal(TeamsTestApp.Tenant, create.Body!["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        Assert.Contains(_app.Fake.ConnectorCalls, c => c.Path == "/amer/v3/conversations/a:chat-29:aad-anna/activities");

        // A second click, by Luca, is told who owns the lead: the card he gets back shows it.
        var late = await (await _app.PostAsync(Activities.Execute(_app, Luca, "accept", Activities.LeadData(leadId), posted.MessageId))).BodyAsync();
        Assert.Equal("application/vnd.microsoft.card.adaptive", late["type"]!.GetValue<string>());
        Assert.Contains("Accepted by Anna Schmidt", late["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"verb\":\"outcome\"", late["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("Anna Schmidt", _app.Store.Find(leadId)!.Owner!.DisplayName);
    }

    [Fact]
    public async Task Reject_WithReason_AnswersWithRejectedCard_AndUpdatesTheChannel()
    {
        var leadId = await SubscribedChannelWithLeadAsync("e2e-reject");
        var posted = _app.Get<Deliveries>().ForLead(leadId, "teams").Single();

        var noReason = await (await _app.PostAsync(Activities.Execute(_app, Luca, "reject", Activities.LeadData(leadId), posted.MessageId))).BodyAsync();
        Assert.Equal("application/vnd.microsoft.activity.message", noReason["type"]!.GetValue<string>());
        Assert.Equal(LeadState.Offered, _app.Store.Find(leadId)!.State);

        var click = await _app.PostAsync(Activities.Execute(_app, Luca, "reject", Activities.LeadData(leadId, reason: "no-budget"), posted.MessageId));
        var answer = await click.BodyAsync();
        Assert.Equal("application/vnd.microsoft.card.adaptive", answer["type"]!.GetValue<string>());
        Assert.Contains("Rejected by Luca Rossi", answer["value"]!.ToJsonString(), StringComparison.Ordinal);
        var lead = _app.Store.Find(leadId)!;
        Assert.Equal(LeadState.Rejected, lead.State);
        Assert.Equal("no-budget", lead.RejectionReason);

        await _app.DeliverOutboxAsync();
        var update = Assert.Single(_app.Fake.ConnectorCalls, c => c.Method == "PUT");
        Assert.Contains("Rejected by Luca Rossi", update.Body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameActivityTwice_IsProcessedOnce()
    {
        await _app.PostAsync(Activities.InstallInChannel(_app, Anna));
        var subscribe = Activities.ChannelMention(_app, Marta, "subscribe EMEA");
        await _app.PostAsync(subscribe);
        var replies = _app.Fake.ConnectorCalls.Count;
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(subscribe.DeepClone().AsObject())).StatusCode);
        Assert.Equal(replies, _app.Fake.ConnectorCalls.Count);
    }

    [Fact]
    public async Task RepeatedAcceptInvoke_AnswersWithTheCurrentCard_WithoutClaimingAgain()
    {
        var leadId = await SubscribedChannelWithLeadAsync("e2e-replay");
        var posted = _app.Get<Deliveries>().ForLead(leadId, "teams").Single();
        var click = Activities.Execute(_app, Anna, "accept", Activities.LeadData(leadId), posted.MessageId);
        await _app.PostAsync(click);
        var version = _app.Store.Find(leadId)!.Version;

        var again = await (await _app.PostAsync(click.DeepClone().AsObject())).BodyAsync();
        Assert.Equal("application/vnd.microsoft.card.adaptive", again["type"]!.GetValue<string>());
        Assert.Contains("Accepted by Anna Schmidt", again["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(version, _app.Store.Find(leadId)!.Version);
        Assert.Single(_app.Store.History(leadId), e => e.Type == "accepted");
    }

    [Fact]
    public async Task Announcement_AfterACrash_IsNotPostedTwice()
    {
        var leadId = await SubscribedChannelWithLeadAsync("e2e-crash");
        var delivery = _app.Get<LeadBot.Channels.Teams.TeamsDelivery>();
        var again = new LeadBot.Storage.OutboxMessage
        {
            Id = $"announce:{leadId}:EMEA", Kind = "announce", LeadId = leadId, Audience = "team:EMEA",
            CreatedAt = _app.Clock.GetUtcNow(), DueAt = _app.Clock.GetUtcNow(),
        };
        var result = await delivery.DeliverAsync(again, CancellationToken.None);
        Assert.Equal(new DeliveryResult(0, 1, false), result);
        Announcement(leadId);
    }
}
