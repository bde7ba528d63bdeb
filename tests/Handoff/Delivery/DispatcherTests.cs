using System.Net;
using LeadBot.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Handoff.Delivery;

public sealed class DispatcherTests
{
    private static async Task<List<string>> PostEmea(DeliveryKit kit, int count, string prefix = "b")
    {
        var body = Enumerable.Range(0, count).Select(i => SampleLeads.Emea($"{prefix}-{i}")).ToList();
        var response = await kit.App.Api().PostJsonAsync("/api/leads", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.BodyAsync())["results"]!.AsArray().Select(r => (string)r!["id"]!).ToList();
    }

    /// <summary>EMEA leads, accepted by its two reps in turn: each adds a card update for EMEA's channel and a message to the rep.</summary>
    private static async Task PostAndAcceptEmea(DeliveryKit kit, int count)
    {
        foreach (var (lead, k) in (await PostEmea(kit, count)).Select((lead, k) => (lead, k)))
            Assert.Equal(HttpStatusCode.OK, (await kit.App.Api().PostJsonAsync($"/api/leads/{lead}/accept", new { rep = k % 2 == 0 ? SampleLeads.EmeaRep : SampleLeads.EmeaRep2 })).StatusCode);
    }

    /// <summary>
    /// A dispatcher with small limits (4 held and 2 sent at once per destination, 8 in flight, no poll) whose platform
    /// answers nothing to the conversations <paramref name="isSlow"/> names until the returned source is set.
    /// </summary>
    private static async Task<(DeliveryKit Kit, TaskCompletionSource Slow)> WithSlowConversations(int prefetch, Func<string, bool> isSlow)
    {
        var kit = await DeliveryKit.StartAsync(new()
        {
            ["Delivery:PollInterval"] = "01:00:00", ["Delivery:HoldPerDestination"] = "4", ["Delivery:PerDestination"] = "2",
            ["Delivery:Prefetch"] = prefetch.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Delivery:MaxInFlight"] = "8",
        });
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kit.Server.GateOf = conversation => isSlow(conversation) ? slow.Task : Task.CompletedTask;
        return (kit, slow);
    }

    [Fact]
    public async Task NewLead_IsAnnounced_WithoutWaitingForThePoll()
    {
        await using var kit = await DeliveryKit.StartAsync(new() { ["Delivery:PollInterval"] = "01:00:00" });

        var ids = await PostEmea(kit, 1);

        // The fake clock never moves: only the enqueue's wake-up can have started the send.
        await kit.Until(() => kit.Server.Posts.Count == 1);
        Assert.Equal(("announce", "team:EMEA", ids[0]), (kit.Server.Posts[0].Kind, kit.Server.Posts[0].Conversation, kit.Server.Posts[0].LeadId));
        await kit.Until(() => kit.App.Store.OutboxStats().Sent == 1);
    }

    [Fact]
    public async Task Burst_WithThrottlingAndServerErrors_ArrivesCompletely_AndNothingTwice()
    {
        await using var kit = await DeliveryKit.StartAsync(new() { ["Delivery:MaxAttempts"] = "12" });
        // Every fifth call fails: alternately 429 with Retry-After and 500.
        kit.Server.Answer = n => n % 5 != 0 ? HttpStatusCode.OK : n % 10 == 0 ? HttpStatusCode.TooManyRequests : HttpStatusCode.InternalServerError;
        kit.Server.RetryAfterSeconds = 3;

        var ids = await PostEmea(kit, 150);
        // Claims half of them while their announcements are on the way: each claim adds a card update and a DM.
        // (Two reps with a capacity of 25 open leads each.)
        var claimed = ids.Take(40).ToList();
        for (var k = 0; k < claimed.Count; k++)
        {
            var rep = k % 2 == 0 ? SampleLeads.EmeaRep : SampleLeads.EmeaRep2;
            Assert.Equal(HttpStatusCode.OK, (await kit.App.Api().PostJsonAsync($"/api/leads/{claimed[k]}/accept", new { rep })).StatusCode);
        }

        await kit.Until(() => kit.App.Store.OutboxStats() is { Pending: 0 }, tick: TimeSpan.FromSeconds(1));

        var posts = kit.Server.Posts;
        Assert.Equal(0, kit.App.Store.OutboxStats().Failed);
        Assert.Equal(posts.Count, posts.Select(p => p.MessageId).Distinct().Count());
        Assert.Equal(ids.Order(), posts.Where(p => p.Kind == "announce").Select(p => p.LeadId!).Order());
        Assert.Equal(claimed.Order(), posts.Where(p => p.Kind == "claimed").Select(p => p.LeadId!).Order());
        Assert.Equal(kit.App.Store.OutboxStats().Sent, posts.Count);
        Assert.True(kit.Server.Calls > posts.Count, "the fake should have refused some calls");
        Assert.Equal(0, kit.Channel.Overlaps);
    }

    [Fact]
    public async Task ABurstForOneTeam_BeyondWhatIsHeldPerDestination_DrainsWithoutWaitingForThePoll()
    {
        await using var kit = await DeliveryKit.StartAsync(new()
        {
            ["Delivery:PollInterval"] = "01:00:00", ["Delivery:HoldPerDestination"] = "4", ["Delivery:PerDestination"] = "2",
        });
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kit.Server.Gate = slow.Task;

        await PostEmea(kit, 12, "first");
        await kit.Until(() => kit.Server.Calls == 2); // EMEA holds 12 (more than 4) while two posts hang
        await PostEmea(kit, 12, "second");
        // A look at the store with the second batch in it, which must skip EMEA: it holds enough. The batch's own wake-up
        // may be answered before the clock moves, so the wait pokes (as the poll would) until a pass after the move.
        var moved = kit.App.Clock.GetUtcNow().AddMilliseconds(1);
        kit.App.Clock.SetUtcNow(moved);
        await kit.Until(() => kit.App.Get<LeadBot.Handoff.Delivery.DeliveryStatus>().LastPass >= moved, poll: true);
        slow.SetResult();

        // The clock never reaches the poll: only EMEA draining can bring the second batch out of the store.
        await kit.Until(() => kit.Server.Posts.Count(p => p.Kind == "announce") == 24);
        await kit.Until(() => kit.App.Store.OutboxStats() is { Pending: 0, Sent: 24 });
    }

    [Fact]
    public async Task ABusyChannelsCardUpdates_StayInTheStore_SoAnotherTeamsLeadIsAnnouncedAtOnce()
    {
        // EMEA's channel (its announcements and its card updates) answers nothing for now: a channel with a backlog.
        var (kit, slow) = await WithSlowConversations(prefetch: 16, conversation => conversation.EndsWith("EMEA", StringComparison.Ordinal));
        await using var _ = kit;

        await PostAndAcceptEmea(kit, 24);
        var enterprise = await kit.App.Api().PostJsonAsync("/api/leads", SampleLeads.Enterprise("quiet-1"));
        var id = (string)(await enterprise.BodyAsync())["id"]!;

        // 24 announcements and 24 card updates wait for EMEA's channel; they must not fill the dispatcher's 16 places.
        await kit.Until(() => kit.Server.Posts.Any(p => p.Kind == "announce" && p.LeadId == id));
        Assert.Equal("team:Enterprise", kit.Server.Posts.Single(p => p.LeadId == id).Conversation);
        slow.SetResult();
        await kit.Until(() => kit.App.Store.OutboxStats() is { Pending: 0 }, poll: true);
        Assert.Equal(24, kit.Server.Posts.Count(p => p.Conversation == "posted:EMEA"));
    }

    [Fact]
    public async Task BusyDestinationsFillingThePrefetch_DoNotHoldBackAnIdleOnesLead()
    {
        // Every destination but Enterprise's channel answers nothing for now: EMEA's channel and its reps' chats have backlogs.
        var (kit, slow) = await WithSlowConversations(prefetch: 8, conversation => !conversation.EndsWith("Enterprise", StringComparison.Ordinal));
        await using var _ = kit;

        await PostAndAcceptEmea(kit, 12);
        // EMEA's channel and both reps' chats have more than they may hold (4 each): together more than the dispatcher's 8
        // places. A look at the store after the clicks (the wait pokes, as the poll would, until a pass after the move) fills them.
        await kit.Until(() => kit.Server.Calls == 2);
        var moved = kit.App.Clock.GetUtcNow().AddMilliseconds(1);
        kit.App.Clock.SetUtcNow(moved);
        await kit.Until(() => kit.App.Get<LeadBot.Handoff.Delivery.DeliveryStatus>().LastPass >= moved, poll: true);
        var enterprise = await kit.App.Api().PostJsonAsync("/api/leads", SampleLeads.Enterprise("quiet-1"));
        var id = (string)(await enterprise.BodyAsync())["id"]!;

        // The clock never reaches the poll and no busy destination finishes a send: only the enqueue's wake-up can bring it out.
        await kit.Until(() => kit.Server.Posts.Any(p => p.Kind == "announce" && p.LeadId == id), seconds: 10);
        slow.SetResult();
        await kit.Until(() => kit.App.Store.OutboxStats() is { Pending: 0 }, poll: true);
        Assert.Equal(13, kit.Server.Posts.Count(p => p.Kind == "announce"));
    }

    [Fact]
    public async Task NoSubscriber_KeepsTheMessage_WithoutCountingAttempts_AndHealthSaysWhoIsMissing()
    {
        await using var kit = await DeliveryKit.StartAsync();
        kit.Channel.Subscribed = _ => false;

        await PostEmea(kit, 1);
        await kit.Until(() => kit.App.Store.OutboxStats().Pending == 1 && Health(kit).Result.Contains("waiting for a channel subscribed to team EMEA"));
        for (var i = 0; i < 5; i++)
        {
            kit.App.Clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(20);
        }
        var waiting = kit.App.Store.TakeDue(kit.App.Clock.GetUtcNow().AddHours(1), 10, "probe", TimeSpan.FromSeconds(1)).Single();
        Assert.Equal(0, waiting.Attempts);
        kit.App.Store.Release(waiting.Id, "probe", kit.App.Clock.GetUtcNow(), waiting.LastError);

        kit.Channel.Subscribed = _ => true;
        await kit.Until(() => kit.Server.Posts.Count == 1, tick: TimeSpan.FromSeconds(10));
        await kit.Until(() => !Health(kit).Result.Contains("waiting for"));
    }

    [Fact]
    public async Task AnAudienceNobodySubscribedTo_IsNotAskedForAgainUntilThePoll_ThenItsLeadsGoOut()
    {
        await using var kit = await DeliveryKit.StartAsync(new() { ["Delivery:PollInterval"] = "00:00:05" });
        var asked = 0;
        kit.Channel.Subscribed = _ => { Interlocked.Increment(ref asked); return false; };

        await PostEmea(kit, 10, "first");
        await kit.Until(() => Volatile.Read(ref asked) == 10 && kit.App.Store.OutboxStats().Pending == 10);
        // Each lead of the burst wakes the dispatcher; none of them is taken (and given back) while EMEA has nowhere to go.
        var second = await PostEmea(kit, 10, "second");
        for (var i = 0; i < 20; i++)
        {
            kit.App.Get<LeadBot.Handoff.Delivery.OutboxSignal>().Poke();
            await Task.Delay(10);
        }
        Assert.Equal(10, Volatile.Read(ref asked));

        kit.Channel.Subscribed = _ => true;
        kit.App.Clock.Advance(TimeSpan.FromSeconds(5)); // the poll: the second burst goes out; the first waits for its recheck
        await kit.Until(() => kit.Server.Posts.Count == 10);
        Assert.Equal(second.Order(), kit.Server.Posts.Select(p => p.LeadId!).Order());
        kit.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await kit.Until(() => kit.Server.Posts.Count == 20, poll: true);
    }

    [Fact]
    public async Task APokeNamingItsAudiences_LooksInTheirLanesAlone_AndThePollFindsTheRest()
    {
        await using var kit = await DeliveryKit.StartAsync(new() { ["Delivery:PollInterval"] = "00:00:05" });
        var first = await PostEmea(kit, 1, "first");
        await kit.Until(() => kit.Server.Posts.Count == 1 && kit.App.Store.OutboxStats().Sent == 1);

        // Enqueued without a poke, as another instance's message is: only a look everywhere (the poll) may find it.
        var lead = kit.App.Store.Find(first[0])!;
        kit.App.Store.Enqueue([LeadBot.Handoff.CardUpdates.For(lead, kit.App.Clock.GetUtcNow())]);
        // The next lead's poke names EMEA's channel: its announcement goes at once, and the look reads no other lane.
        var second = await PostEmea(kit, 1, "second");
        await kit.Until(() => kit.Server.Posts.Count == 2 && kit.App.Store.OutboxStats().Sent == 2);
        Assert.Equal(second[0], kit.Server.Posts[1].LeadId);
        Assert.Equal(1, kit.App.Store.OutboxStats().Pending);

        kit.App.Clock.Advance(TimeSpan.FromSeconds(5));
        // The fake records a post before the dispatcher hears its answer and marks the message sent: wait for both.
        await kit.Until(() => kit.Server.Posts.Count == 3 && kit.App.Store.OutboxStats().Sent == 3);
        Assert.Equal((first[0], 0), (kit.Server.Posts[2].LeadId, kit.App.Store.OutboxStats().Pending));
    }

    [Fact]
    public async Task AlwaysFailing_IsParkedAfterMaxAttempts_ShownInHealth_AndSentWhenRetried()
    {
        await using var kit = await DeliveryKit.StartAsync(new() { ["Delivery:MaxAttempts"] = "3" });
        kit.Server.Answer = _ => HttpStatusCode.InternalServerError;

        var ids = await PostEmea(kit, 1);
        await kit.Until(() => kit.App.Store.OutboxStats().Failed == 1, tick: TimeSpan.FromSeconds(5));

        Assert.Equal(3, kit.Server.Calls);
        var health = await Health(kit);
        Assert.Contains("parked", health);
        Assert.Contains($"announce:{ids[0]}:EMEA", health);
        var failed = await (await kit.App.Api().GetAsync("/api/outbox/failed")).BodyAsync();
        Assert.Equal("500 from the fake platform", (string?)failed[0]!["lastError"]);

        kit.Server.Answer = _ => HttpStatusCode.OK;
        var retry = await kit.App.Api().PostAsync("/api/outbox/retry", null);
        Assert.Equal(1, (int)(await retry.BodyAsync())["retried"]!);
        await kit.Until(() => kit.Server.Posts.Count == 1);
        await kit.Until(() => kit.App.Store.OutboxStats() is { Failed: 0, Pending: 0, Sent: 1 });
        Assert.Equal(HttpStatusCode.NotFound, (await kit.App.Api().PostAsync($"/api/outbox/announce:{ids[0]}:EMEA/retry", null)).StatusCode);
    }

    [Fact]
    public async Task OneParkedMessage_CanBeRetriedById_BehindTheApiKey()
    {
        await using var kit = await DeliveryKit.StartAsync(new() { ["Delivery:MaxAttempts"] = "1" });
        kit.Server.Answer = _ => HttpStatusCode.InternalServerError;
        var ids = await PostEmea(kit, 1);
        await kit.Until(() => kit.App.Store.OutboxStats().Failed == 1);
        kit.Server.Answer = _ => HttpStatusCode.OK;

        var anonymous = kit.App.CreateClient();
        anonymous.DefaultRequestHeaders.Add("X-Api-Key", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/outbox/announce:{ids[0]}:EMEA/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await kit.App.Api().PostAsync($"/api/outbox/announce:{ids[0]}:EMEA/retry", null)).StatusCode);
        await kit.Until(() => kit.Server.Posts.Count == 1);
    }

    [Fact]
    public async Task KilledAfterThePost_BeforeMarkingItSent_IsNotPostedAgain()
    {
        await using var kit = await DeliveryKit.StartAsync(new() { ["Delivery:Lease"] = "00:01:00", ["Delivery:PollInterval"] = "00:00:05" });
        var store = kit.App.Store;
        var now = kit.App.Clock.GetUtcNow();
        // A previous process took the message, posted it, and died before Complete. Due a moment from now, so this
        // process's dispatcher (already polling) cannot take it before the dead one does.
        var due = now.AddSeconds(1);
        var dead = new OutboxMessage { Id = "announce:LDEAD:EMEA", Kind = "announce", LeadId = "LDEAD", Audience = "team:EMEA", CreatedAt = now, DueAt = due };
        store.Enqueue([dead]);
        var taken = store.TakeDue(due, 10, "dead-process", TimeSpan.FromMinutes(1)).Single();
        await kit.Channel.DeliverAsync(taken, CancellationToken.None);
        Assert.Single(kit.Server.Posts);

        await kit.Until(() => store.OutboxStats() is { Pending: 0, Sent: 1 }, tick: TimeSpan.FromSeconds(5));

        Assert.Single(kit.Server.Posts);
    }

    [Fact]
    public async Task WithNoChatPlatform_TheDispatcherLeavesTheOutboxAlone()
    {
        using var app = new LeadBotApp(new() { ["Delivery:Enabled"] = "true" }, s => s.RemoveAll<LeadBot.Handoff.Delivery.IChannelDelivery>());
        var response = await app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        // Not leased by anybody: this probe can take it.
        Assert.Contains(app.Store.TakeDue(app.Clock.GetUtcNow(), 10, "probe", TimeSpan.FromSeconds(1)), m => m.Kind == "announce");
        var health = (string)(await (await app.Api().GetAsync("/healthz")).BodyAsync()).ToJsonString();
        Assert.Contains("No chat platform", health);
    }

    private static async Task<string> Health(DeliveryKit kit) => await (await kit.App.Api().GetAsync("/healthz")).Content.ReadAsStringAsync();
}
