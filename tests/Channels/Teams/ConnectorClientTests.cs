using System.Text.Json.Nodes;
using LeadBot.Channels;
using LeadBot.Channels.Teams.Connector;
using LeadBot.Handoff.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>The Connector client against the fake serviceUrl: retries, Retry-After, backoff and tokens, with time driven by the fake clock.</summary>
public sealed class ConnectorClientTests : IAsyncLifetime
{
    private readonly TeamsTestApp _app = new();
    private const string Conversation = "19:retry@thread.tacv2";

    public Task InitializeAsync()
    {
        _app.Fake.AddConversation(Conversation);
        return Task.CompletedTask;
    }
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private ConnectorClient Client => _app.Get<ConnectorClient>();
    private static JsonObject Hello() => new() { ["type"] = "message", ["text"] = "hello" };
    private int Sends => _app.Fake.ConnectorCalls.Count(c => c.Path.EndsWith(Conversation + "/activities", StringComparison.Ordinal));

    /// <summary>Moves the fake clock in small steps until the task ends: retry delays and pacing waits run on it, not on the wall clock.</summary>
    internal static async Task<T> DriveAsync<T>(Task<T> task, FakeTimeProvider clock, TimeSpan step, int maxSteps = 400)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            await Task.WhenAny(task, Task.Delay(10));
            if (!task.IsCompleted) clock.Advance(step);
        }
        return await task;
    }

    [Fact]
    public async Task TooManyRequests_IsRetried_AfterRetryAfter()
    {
        _app.Fake.FailNext(429, retryAfter: TimeSpan.FromSeconds(3));
        var start = _app.Clock.GetUtcNow();
        var id = await DriveAsync(Client.SendAsync(_app.Fake.ServiceUrl, Conversation, Hello(), CancellationToken.None), _app.Clock, TimeSpan.FromMilliseconds(250));
        Assert.StartsWith("1:", id);
        Assert.Equal(2, Sends);
        Assert.True(_app.Clock.GetUtcNow() - start >= TimeSpan.FromSeconds(3), "the retry waited for Retry-After");
    }

    [Fact]
    public async Task ServerErrors_AreRetried_WithBackoff()
    {
        _app.Fake.FailNext(500, times: 2);
        var id = await DriveAsync(Client.SendAsync(_app.Fake.ServiceUrl, Conversation, Hello(), CancellationToken.None), _app.Clock, TimeSpan.FromMilliseconds(500));
        Assert.NotNull(id);
        Assert.Equal(3, Sends);
    }

    [Fact]
    public async Task TooManyRequests_ThatOutlastTheRetries_SurfaceWithRetryAfter()
    {
        _app.Fake.FailNext(429, times: 10, retryAfter: TimeSpan.FromSeconds(4));
        var send = Client.SendAsync(_app.Fake.ServiceUrl, Conversation, Hello(), CancellationToken.None);
        var e = await Assert.ThrowsAsync<DeliveryException>(() => DriveAsync(send, _app.Clock, TimeSpan.FromMilliseconds(500)));
        Assert.Equal(TimeSpan.FromSeconds(4), e.RetryAfter);
        Assert.False(e.Permanent);
        Assert.Equal(4, Sends); // first try + 3 retries
    }

    [Fact]
    public async Task LongRetryAfter_GoesBackToTheOutbox_Immediately()
    {
        _app.Fake.FailNext(429, retryAfter: TimeSpan.FromMinutes(2));
        var e = await Assert.ThrowsAsync<DeliveryException>(() => Client.SendAsync(_app.Fake.ServiceUrl, Conversation, Hello(), CancellationToken.None));
        Assert.Equal(TimeSpan.FromMinutes(2), e.RetryAfter);
        Assert.Equal(1, Sends);
    }

    [Fact]
    public async Task NotFound_IsPermanent_AndNotRetried()
    {
        _app.Fake.FailNext(404);
        var e = await Assert.ThrowsAsync<DeliveryException>(() => Client.SendAsync(_app.Fake.ServiceUrl, Conversation, Hello(), CancellationToken.None));
        Assert.True(e.Permanent);
        Assert.Equal(1, Sends);
    }

    [Fact]
    public async Task Token_IsAcquiredOnce_AndSentOnEveryCall()
    {
        for (var i = 0; i < 3; i++) await Client.SendAsync(_app.Fake.ServiceUrl, Conversation, Hello(), CancellationToken.None);
        Assert.Equal(1, _app.Fake.TokenRequests);
        Assert.All(_app.Fake.ConnectorCalls, c => Assert.Equal("Bearer connector-token-1", c.Authorization));
    }

    [Fact]
    public async Task Update_PutsTheWholeActivity_ToItsId()
    {
        var id = await Client.SendAsync(_app.Fake.ServiceUrl, Conversation, Hello(), CancellationToken.None);
        Assert.NotNull(id);
        await Client.UpdateAsync(_app.Fake.ServiceUrl, Conversation, id, new JsonObject { ["type"] = "message", ["text"] = "updated" }, CancellationToken.None);
        var put = Assert.Single(_app.Fake.ConnectorCalls, c => c.Method == "PUT");
        Assert.Equal($"/amer/v3/conversations/{Conversation}/activities/{id}", put.Path);
        Assert.Equal(id, put.Body!["id"]!.GetValue<string>());
        Assert.Equal("updated", put.Body["text"]!.GetValue<string>());
    }
}

public sealed class PacerTests
{
    [Fact]
    public async Task SendsToOneConversation_AreSpacedToTeamsLimits_NotRefused()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var pacer = new Pacer(clock);
        var turns = Enumerable.Range(0, 10).Select(_ => pacer.WaitTurnAsync("19:x@thread.tacv2", CancellationToken.None)).ToList();

        Assert.Equal(7, turns.Count(t => t.IsCompleted)); // 7 per second
        clock.Advance(TimeSpan.FromSeconds(1));
        await turns[7];
        Assert.Equal(8, turns.Count(t => t.IsCompleted)); // and 8 per 2 seconds
        clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(turns);
    }

    [Fact]
    public void OtherConversations_AndThreadReplies_ShareOnlyTheirOwnWindow()
    {
        var clock = new FakeTimeProvider();
        var pacer = new Pacer(clock);
        var a = Enumerable.Range(0, 7).Select(_ => pacer.WaitTurnAsync("19:a@thread.tacv2", CancellationToken.None)).ToList();
        Assert.All(a, t => Assert.True(t.IsCompleted));
        Assert.True(pacer.WaitTurnAsync("19:b@thread.tacv2", CancellationToken.None).IsCompleted);
        // A reply in a thread of channel a counts against channel a.
        Assert.False(pacer.WaitTurnAsync("19:a@thread.tacv2;messageid=17", CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task AnHourOfSends_StaysUnder1800()
    {
        var clock = new FakeTimeProvider();
        var pacer = new Pacer(clock);
        var start = clock.GetUtcNow();
        var sent = 0;
        while (true)
        {
            var turn = pacer.WaitTurnAsync("19:busy@thread.tacv2", CancellationToken.None);
            while (!turn.IsCompleted) clock.Advance(TimeSpan.FromSeconds(1));
            await turn;
            if (clock.GetUtcNow() - start >= TimeSpan.FromHours(1)) break;
            sent++;
        }
        Assert.Equal(1800, sent);
    }
}
