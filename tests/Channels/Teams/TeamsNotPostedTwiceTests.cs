using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Channels.Teams;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>
/// "Not posted twice" against the real Teams delivery and the fake Connector (the dispatcher's own tests use a test
/// channel): a process takes the announcement, posts it, and dies before completing it; once its lease runs out the
/// next attempt finds the post recorded and skips it.
/// </summary>
public sealed class TeamsNotPostedTwiceTests : IAsyncLifetime
{
    private static readonly JsonObject Marta = Activities.User("aad-marta", "Marta Novak");
    private readonly TeamsTestApp _app = new();

    public async Task InitializeAsync()
    {
        _app.Fake.Directory["aad-marta"] = SampleLeads.EmeaManager;
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(Activities.InstallInChannel(_app, Marta))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(Activities.ChannelMention(_app, Marta, "subscribe EMEA"))).StatusCode);
        await _app.DeliverOutboxAsync(); // the welcome and the confirmation, out of the way
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task KilledAfterThePost_BeforeCompleting_TheRetryFindsThePostAndSendsNothing()
    {
        var intake = await _app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea("twice-1"));
        Assert.True(intake.IsSuccessStatusCode, await intake.Content.ReadAsStringAsync());
        var leadId = _app.Store.FindByKey("hubspot", "twice-1")!.Id;
        var delivery = _app.Get<TeamsDelivery>();
        var lease = TimeSpan.FromMinutes(1);

        // The process that dies: takes the announcement, posts it, never completes it.
        var taken = Assert.Single(_app.Store.TakeDue(_app.Clock.GetUtcNow(), 10, "dead-process", lease));
        Assert.Equal(leadId, taken.LeadId);
        var first = await delivery.DeliverAsync(taken, CancellationToken.None);
        Assert.Equal((1, 0), (first.Sent, first.AlreadySent));
        Assert.Equal(1, Announcements(leadId));

        // Before the lease runs out nobody else may take it; after, the next process does and skips the channel.
        Assert.Empty(_app.Store.TakeDue(_app.Clock.GetUtcNow(), 10, "next-process", lease));
        _app.Clock.Advance(lease + TimeSpan.FromSeconds(1));
        var again = Assert.Single(_app.Store.TakeDue(_app.Clock.GetUtcNow(), 10, "next-process", lease));
        Assert.Equal(taken.Id, again.Id);
        var retry = await delivery.DeliverAsync(again, CancellationToken.None);
        _app.Store.Complete(again.Id, "next-process", _app.Clock.GetUtcNow());

        Assert.Equal((0, 1), (retry.Sent, retry.AlreadySent));
        Assert.Equal(1, Announcements(leadId));
    }

    private int Announcements(string leadId) => _app.Fake.ConnectorCalls.Count(c => c.Method == "POST"
        && c.Path.EndsWith(TeamsTestApp.ChannelId + "/activities", StringComparison.Ordinal)
        && c.Body!.ToJsonString().Contains(leadId, StringComparison.Ordinal));
}
