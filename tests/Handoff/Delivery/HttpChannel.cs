using System.Net;
using System.Net.Http.Json;
using LeadBot.Channels;
using LeadBot.Handoff.Delivery;
using LeadBot.Storage;

namespace LeadBot.Tests.Handoff.Delivery;

/// <summary>
/// A test platform that delivers over real HTTP to <see cref="FakeChatServer"/> the way Teams and Slack deliveries do:
/// each audience is one conversation; a conversation already recorded in <see cref="Deliveries"/> is skipped; a 429
/// becomes a <see cref="DeliveryException"/> with RetryAfter. Audiences not in <see cref="Subscribed"/> have nowhere to go.
/// </summary>
public sealed class HttpChannel(FakeChatServer server, ILeadStore store, TimeProvider clock) : IChannelDelivery
{
    private readonly HttpClient _http = new() { BaseAddress = server.BaseAddress };
    private readonly Deliveries _deliveries = new(store);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _inFlight = new();
    private int _overlaps;

    public string Platform => "fake";
    public Func<string, bool> Subscribed { get; set; } = _ => true;
    /// <summary>Times two messages of one lead were being delivered at once (the dispatcher must make this 0).</summary>
    public int Overlaps => Volatile.Read(ref _overlaps);

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        var lead = message.LeadId ?? message.Id;
        if (_inFlight.AddOrUpdate(lead, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref _overlaps);
        try { return await Deliver(message, ct); }
        finally { _inFlight.AddOrUpdate(lead, 0, (_, n) => n - 1); }
    }

    private async Task<DeliveryResult> Deliver(OutboxMessage message, CancellationToken ct)
    {
        await Task.Yield();
        if (!Subscribed(message.Audience)) return DeliveryResult.Nowhere;
        var leadId = message.LeadId ?? message.Id;
        var kind = message.Id; // one record per outbox message: a retry finds it
        if (_deliveries.Find(leadId, Platform, message.Audience, kind) is not null) return new DeliveryResult(0, 1, false);
        using var response = await _http.PostAsJsonAsync("/post", new ReceivedPost(message.Id, message.Audience, message.Kind, message.LeadId), ct);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            throw new DeliveryException("429 from the fake platform", response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
        if (!response.IsSuccessStatusCode) throw new DeliveryException($"{(int)response.StatusCode} from the fake platform");
        var ts = (await response.Content.ReadFromJsonAsync<Dictionary<string, object>>(ct))!["ts"].ToString()!;
        _deliveries.Record(new PostedCard(leadId, Platform, message.Audience, ts, kind, clock.GetUtcNow()));
        return new DeliveryResult(1, 0, false);
    }
}
