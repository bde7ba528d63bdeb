using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Channels;
using LeadBot.Channels.Teams;
using LeadBot.Insights;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>
/// Scheduled digests through the real path: the schedule enqueues, the real dispatcher hands the message to the Teams
/// delivery, and the fake Connector receives the same Adaptive Card the pipeline / feedback command answers with.
/// </summary>
public sealed class TeamsDigestTests : IAsyncLifetime
{
    private static readonly JsonObject Marta = Activities.User("aad-marta", "Marta Novak");
    private static readonly JsonObject Mia = Activities.User("aad-mia", "Mia Chen");

    private readonly TeamsTestApp _app = new(new()
    {
        ["Delivery:Enabled"] = "true",
        ["Sla:ScanInterval"] = "30.00:00:00",
        ["Insights:Digests:CheckEvery"] = "30.00:00:00", // the test runs the schedule itself, so the loop cannot race it
        ["Insights:Digests:ManagersCron"] = "0 8 * * 1-5",
        ["Insights:Digests:MarketingCron"] = "0 8 * * 1",
        ["Insights:MarketingTimeZone"] = "Europe/Berlin",
    });

    public async Task InitializeAsync()
    {
        _app.Fake.Directory["aad-marta"] = SampleLeads.EmeaManager;
        _app.Fake.Directory["aad-mia"] = "mia.marketing@contoso.com";
        // The manager has talked to the bot once (so Teams can open her chat); marketing has a channel.
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(Activities.Personal(_app, Marta, "help"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(Activities.InstallInChannel(_app, Mia))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(Activities.ChannelMention(_app, Mia, "subscribe marketing"))).StatusCode);
        var intake = await _app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea("digest-1"));
        Assert.True(intake.IsSuccessStatusCode, await intake.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ManagersDigest_ArrivesInTheManagersChat_AsThePipelineCard_OncePerSlot()
    {
        // Tuesday 07:01 UTC is 08:01 in Berlin, EMEA's time zone: Monday's pipeline is due.
        _app.Clock.Advance(LeadBotApp.Start.AddHours(22).AddMinutes(1) - _app.Clock.GetUtcNow());
        var digests = _app.Get<Digests>();
        var message = Assert.Single(digests.RunDue(), m => m.Audience == "managers:EMEA");

        var post = await PostedAsync("a:personal-aad-marta", message.Id);
        Assert.Empty(digests.RunDue()); // the same slot again: nothing new

        var payload = DigestPayload.Read(message.Payload!);
        var card = post.Body!["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)card["contentType"]);
        Assert.Equal(TeamsMessages.Card(payload.Pipeline!).ToJsonString(), card["content"]!.ToJsonString());
        Assert.Equal("Daily pipeline for EMEA", (string?)post.Body["text"]);
        Assert.Contains("data:image/png;base64,", card.ToJsonString(), StringComparison.Ordinal); // the funnel, inline
        Assert.Equal(1, payload.Pipeline!.Stages.Offered);
        Assert.Single(_app.Fake.ConnectorCalls, c => c.Method == "POST" && c.Path.Contains("a:personal-aad-marta", StringComparison.Ordinal)
            && c.Body?["attachments"] is not null && c.Body.ToJsonString().Contains("Daily pipeline", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MarketingDigest_ArrivesInTheMarketingChannel_AsTheFeedbackCard()
    {
        // The next Monday 08:00 in Berlin (07:00 UTC).
        _app.Clock.Advance(LeadBotApp.Start.AddDays(7).AddHours(-2) - _app.Clock.GetUtcNow());
        var message = Assert.Single(_app.Get<Digests>().RunDue(), m => m.Audience == "marketing");

        var post = await PostedAsync(TeamsTestApp.ChannelId, message.Id);

        var payload = DigestPayload.Read(message.Payload!);
        var content = post.Body!["attachments"]![0]!["content"]!.ToJsonString();
        Assert.Equal(TeamsMessages.Card(payload.Feedback!).ToJsonString(), content);
        Assert.Equal("Weekly feedback on marketing's leads", (string?)post.Body["text"]);
        Assert.DoesNotContain("\"type\":\"feedback\"", post.Body.ToJsonString(), StringComparison.Ordinal); // not the raw payload
    }

    /// <summary>Waits (real time: the dispatcher runs on its own) for the digest's post in the conversation, and for its record.</summary>
    private async Task<ConnectorCall> PostedAsync(string conversationId, string messageId)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            var post = _app.Fake.ConnectorCalls.FirstOrDefault(c => c.Method == "POST"
                && c.Path.EndsWith($"/v3/conversations/{conversationId}/activities", StringComparison.Ordinal) && c.Body?["text"] is not null
                && c.Body["attachments"] is not null);
            if (post is not null && _app.Get<Deliveries>().ForLead(messageId, "teams").Count > 0) return post;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{messageId} was not posted to {conversationId}: {string.Join("; ", _app.Store.FailedMessages(10).Select(m => m.LastError))}");
    }
}
