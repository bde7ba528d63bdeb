using LeadBot.Storage;
using LeadBot.Telemetry;
using Microsoft.Extensions.Options;

namespace LeadBot.Handoff.Delivery;

/// <summary>
/// Sends what the outbox holds. Messages are taken under a lease, so a second dispatcher never sends one that is in
/// flight; a dispatcher that dies stops beating (IOutboxLeases), and its leases come back to the others within
/// Delivery:DeadAfter, or at once when a LiteDB bot restarts. Many destinations drain in parallel, a few messages
/// per destination at a time (the channel clients pace each conversation); two messages of one lead never travel at
/// once, so a card update cannot overtake the announcement it updates.
/// </summary>
internal sealed class OutboxDispatcher(
    ILeadStore store, IEnumerable<IChannelDelivery> channels, OutboxSignal signal, DeliveryStatus status, DeliveryRecovery recovery, LeadBotMetrics metrics,
    IOptionsMonitor<DeliveryOptions> options, TimeProvider clock, ILogger<OutboxDispatcher> log) : BackgroundService
{
    /// <param name="Order">Messages with the same key never travel at once: a lead's chat messages together, or a lead's messages to one owned audience (a webhook receiver).</param>
    private sealed record Held(OutboxMessage Message, string Lane, string? Order);

    private readonly string _worker = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly IChannelDelivery[] _channels = channels.ToArray();
    private readonly IChannelDelivery[] _chat = channels.Where(c => c.OwnsAudience is null).ToArray();
    private readonly OutboxSignal _finished = new();
    private readonly Lock _sync = new();
    private readonly List<Held> _held = [];
    private readonly HashSet<string> _busyLeads = [];
    private readonly Dictionary<string, int> _sending = [];   // lane → messages in flight
    private readonly Dictionary<string, int> _holding = [];   // lane → messages held or in flight
    private int _inFlight;
    private bool _starved;
    // Lanes the last fill left in the store (or took all they may hold from); once one drains to half, the store is asked again.
    private HashSet<string> _skipped = [];
    private volatile bool _laneDrained;
    private readonly IOutboxLeases? _leases = store as IOutboxLeases;
    // Audiences that had nowhere to go (nobody subscribed), and until when they are not asked for again.
    private readonly Dictionary<string, DateTimeOffset> _nowhere = [];
    private DateTimeOffset _nextBeat = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!options.CurrentValue.Enabled) return;
        if (_channels.Length == 0) return;
        if (_chat.Length == 0) log.LogInformation("No chat platform is configured (Teams or Slack): chat messages stay pending until one is.");
        await Task.Yield();
        var wake = Wake.Everywhere;
        while (!stop.IsCancellationRequested)
        {
            var o = options.CurrentValue;
            status.Pass(clock.GetUtcNow());
            try
            {
                if (Beat(o)) wake = Wake.Everywhere;
                // After a send, refill only when the prefetch ran low and the store had more last time: asking it
                // after every send would rescan the whole backlog each time.
                var everywhere = wake == Wake.Everywhere || _laneDrained || (!_starved && Room(o) >= o.Prefetch / 2);
                // A poke that named its audiences asks for their lanes alone (the others have had their look); a look
                // everywhere covers what was poked meanwhile. After a send the pokes are left for the wake-up they caused.
                if (everywhere || wake == Wake.Poked)
                {
                    var poked = signal.TakePoked();
                    Fill(o, everywhere ? null : poked);
                }
                StartReady(o, stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                log.LogError(e, "The outbox dispatcher could not read the store; trying again in {Interval}", o.PollInterval);
            }
            wake = await WaitAsync(o, stop);
        }
        await ShutDownAsync();
    }

    /// <summary>What woke the dispatcher: the poll timer or a poke that named no audience, a poke that did, or a finished send.</summary>
    private enum Wake { Everywhere, Poked, SendFinished }

    /// <summary>
    /// Tells the store this dispatcher is alive, at start and every <see cref="DeliveryOptions.Heartbeat"/>; the store gives
    /// back what dead dispatchers had leased (at start on LiteDB: everything a killed process held). True when it did.
    /// </summary>
    private bool Beat(DeliveryOptions o)
    {
        var now = clock.GetUtcNow();
        if (_leases is null || now < _nextBeat) return false;
        _nextBeat = now + o.Heartbeat;
        var released = _leases.Heartbeat(_worker, now, o.DeadAfter);
        if (released == 0) return false;
        recovery.TookBack(now);
        log.LogInformation("Took back {Count} outbox message(s) that a stopped dispatcher had leased; sending them now", released);
        return true;
    }

    private int Room(DeliveryOptions o) { lock (_sync) return o.Prefetch - _held.Count - _inFlight; }

    private async Task<Wake> WaitAsync(DeliveryOptions o, CancellationToken stop)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var poked = signal.NextAsync();
        var finished = _finished.NextAsync();
        var poll = Task.Delay(o.PollInterval, clock, cancel.Token);
        var first = await Task.WhenAny(poked, finished, poll);
        await cancel.CancelAsync(); // drops the timer, which a fake clock would otherwise keep forever
        return first == finished ? Wake.SendFinished : first == poll ? Wake.Everywhere : Wake.Poked;
    }

    /// <param name="only">The audiences to look for (null: all).</param>
    private void Fill(DeliveryOptions o, IReadOnlySet<string>? only = null)
    {
        if (only is { Count: 0 }) return;
        var room = Room(o);
        // Busy destinations may fill the prefetch between them (six channels with a backlog hold 256 at 48 each), and each
        // gives a place back only at its platform's pace: a destination holding nothing would wait for that, so a lead for
        // a quiet channel waited up to a second behind other teams' backlogs. Destinations holding nothing have a reserve
        // of MaxInFlight places beyond the prefetch, a few messages each per look.
        var reserve = room <= 0;
        if (reserve) room += o.MaxInFlight;
        if (room <= 0) return;
        List<string> passedOver;
        var now = clock.GetUtcNow();
        lock (_sync)
        {
            var saturated = _holding.Where(l => l.Value >= o.HoldPerDestination).Select(l => l.Key).ToList();
            passedOver = reserve ? [.. _holding.Keys] : [.. saturated];
            // A look in a few lanes leaves what the last look everywhere left in the store, and its drains, as they were.
            if (only is null)
            {
                _skipped = [.. saturated];
                _laneDrained = false;
            }
            // Until the next poll, an audience nobody has subscribed to stays in the store: before, each of its messages was
            // taken and given back as it arrived, two writes per lead (two fifths of the write gate with one lead per request).
            foreach (var (audience, until) in _nowhere.ToList())
            {
                if (until > now) passedOver.Add(audience);
                else _nowhere.Remove(audience);
            }
        }
        // A destination that has enough in hand is not asked for more, and none gets more than it may hold from one look:
        // a burst for one team taken whole would fill the prefetch, and another team's lead would wait until the busy
        // channel had sent it all at its platform's pace.
        var perLane = reserve ? o.PerDestination : o.HoldPerDestination;
        var taken = store.TakeDue(now, room, _worker, o.Lease, passedOver.SelectMany(AudiencesOf).ToList(), perLane, only)
            .Select(m => new Held(m, LaneOf(m), OrderOf(m))).ToList();
        // Only a look everywhere says whether the store has more than the room.
        if (!reserve && only is null) _starved = taken.Count < room;
        lock (_sync)
        {
            foreach (var h in taken)
            {
                _held.Add(h);
                // A lane that got all it may take from one look may have more in the store: it is asked again when it drains, like a skipped one.
                if ((_holding[h.Lane] = _holding.GetValueOrDefault(h.Lane) + 1) >= perLane) _skipped.Add(h.Lane);
            }
        }
    }

    /// <summary>The audiences paced by a lane: a team's channel carries its announcements and the updates of its cards.</summary>
    private static IEnumerable<string> AudiencesOf(string lane) =>
        Audiences.Parse(lane) is Recipient.TeamChannel t ? [lane, Audiences.PostedIn(t.Team)] : [lane];

    /// <summary>The destination a message is paced by: its audience, or for card updates the team whose channel shows the card.</summary>
    private string LaneOf(OutboxMessage m) => Audiences.Parse(m.Audience) switch
    {
        Recipient.PostedCards { Team: { } team } => Audiences.Team(team),
        Recipient.PostedCards when m.LeadId is { } id && store.Find(id)?.Team is { } team => Audiences.Team(team),
        _ => m.Audience,
    };

    /// <summary>
    /// The deliveries a message goes to: the one that owns its audience, or every chat platform. A webhook receiver
    /// answering slowly then holds back only its own messages, never a lead's card.
    /// </summary>
    private IReadOnlyList<IChannelDelivery> TargetsOf(OutboxMessage m) => OwnerOf(m) is { } owner ? [owner] : _chat;

    private IChannelDelivery? OwnerOf(OutboxMessage m) =>
        Array.Find(_channels, c => c.OwnsAudience is { } prefix && m.Audience.StartsWith(prefix, StringComparison.Ordinal));

    private string? OrderOf(OutboxMessage m) =>
        m.LeadId is not { } lead ? null : OwnerOf(m) is null ? lead : lead + "|" + m.Audience;

    private void StartReady(DeliveryOptions o, CancellationToken stop)
    {
        var ready = new List<Held>();
        lock (_sync)
        {
            var passedOver = new HashSet<string>();
            for (var i = 0; i < _held.Count && _inFlight < o.MaxInFlight; i++)
            {
                var h = _held[i];
                var order = h.Order;
                var blocked = (order is not null && (_busyLeads.Contains(order) || passedOver.Contains(order)))
                    || _sending.GetValueOrDefault(h.Lane) >= o.PerDestination;
                if (blocked)
                {
                    // A later message of the same lead must not overtake this one.
                    if (order is not null) passedOver.Add(order);
                    continue;
                }
                _held.RemoveAt(i--);
                if (order is not null) _busyLeads.Add(order);
                _sending[h.Lane] = _sending.GetValueOrDefault(h.Lane) + 1;
                _inFlight++;
                ready.Add(h);
            }
        }
        foreach (var h in ready) _ = Task.Run(() => SendAsync(h, o, stop), CancellationToken.None);
    }

    private async Task SendAsync(Held h, DeliveryOptions o, CancellationToken stop)
    {
        var m = h.Message;
        using var span = LeadBotMetrics.Source.StartActivity("outbox send");
        span?.SetTag("leadbot.message.kind", m.Kind);
        span?.SetTag("leadbot.message.audience", m.Audience);
        try
        {
            var targets = TargetsOf(m);
            var results = new List<DeliveryResult>(targets.Count);
            DeliveryException? failure = null;
            foreach (var channel in targets)
            {
                try { results.Add(await channel.DeliverAsync(m, stop)); }
                catch (DeliveryException e)
                {
                    metrics.SendFailed(channel.Platform, throttled: e is { Permanent: false, RetryAfter: not null });
                    failure = Worse(failure, e);
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    metrics.SendFailed(channel.Platform, throttled: false);
                    failure = Worse(failure, new DeliveryException($"{channel.Platform}: {e.Message}", inner: e));
                }
            }
            if (failure is not null) span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, failure.Message);
            Settle(m, results, failure, o);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down: give it back at once so the next process sends it without waiting out the lease.
            Try(() => store.Release(m.Id, _worker, clock.GetUtcNow(), m.LastError));
        }
        catch (Exception e)
        {
            log.LogError(e, "Delivering {Message} failed unexpectedly; it is sent again when its lease runs out", m.Id);
        }
        finally
        {
            lock (_sync)
            {
                _inFlight--;
                if (h.Order is { } order) _busyLeads.Remove(order);
                _sending[h.Lane]--;
                if (--_holding[h.Lane] == 0) { _holding.Remove(h.Lane); _sending.Remove(h.Lane); }
                // "Starved" only meant no other lane had more: a lane left in the store must be refilled when it drains,
                // not at the next poll (which a burst for one team would otherwise wait for, lane by lane).
                if (_skipped.Contains(h.Lane) && _holding.GetValueOrDefault(h.Lane) <= o.HoldPerDestination / 2) _laneDrained = true;
            }
            _finished.Poke();
        }
    }

    private void Settle(OutboxMessage m, List<DeliveryResult> results, DeliveryException? failure, DeliveryOptions o)
    {
        var now = clock.GetUtcNow();
        if (failure is { Permanent: false, RetryAfter: { } retryAfter })
        {
            // Throttling says nothing about the message: it waits as told and keeps its attempts.
            store.Release(m.Id, _worker, now + Backoff.Throttled(retryAfter), "throttled: " + failure.Message);
            log.LogDebug("{Message} throttled; retrying after {RetryAfter}", m.Id, retryAfter);
        }
        else if (failure is not null)
        {
            var attempts = m.Attempts + 1;
            var park = failure.Permanent || attempts >= o.MaxAttempts;
            store.Reschedule(m.Id, _worker, park ? now : now + Backoff.After(attempts, o.FirstRetry, o.MaxRetryDelay), failure.Message, park);
            if (park) log.LogError("{Message} parked as failed after {Attempts} attempt(s): {Error}", m.Id, attempts, failure.Message);
            else log.LogWarning("{Message} failed (attempt {Attempts} of {Max}): {Error}", m.Id, attempts, o.MaxAttempts, failure.Message);
        }
        else if (results.All(r => r.NoDestination))
        {
            // Nobody has subscribed yet: keep it, without counting an attempt, and look again later.
            store.Release(m.Id, _worker, now + o.NoDestinationRecheck, "waiting for " + DeliveryStatus.Describe(m.Audience));
            status.Waiting(m.Audience, now);
            lock (_sync) _nowhere[m.Audience] = now + o.PollInterval;
        }
        else
        {
            store.Complete(m.Id, _worker, now);
            status.Reached(m.Audience);
        }
    }

    private static DeliveryException Worse(DeliveryException? a, DeliveryException b) =>
        a is null || b.Permanent || (!a.Permanent && b.RetryAfter > (a.RetryAfter ?? TimeSpan.Zero)) ? b : a;

    private async Task ShutDownAsync()
    {
        List<Held> held;
        lock (_sync) { held = [.. _held]; _held.Clear(); }
        foreach (var h in held) Try(() => store.Release(h.Message.Id, _worker, h.Message.DueAt, h.Message.LastError));
        while (true)
        {
            var finished = _finished.NextAsync();
            lock (_sync) if (_inFlight == 0) return;
            await finished;
        }
    }

    private void Try(Func<bool> storeCall)
    {
        try { storeCall(); }
        catch (Exception e) { log.LogWarning(e, "Could not give a message back to the outbox; it is sent again when its lease runs out"); }
    }
}
