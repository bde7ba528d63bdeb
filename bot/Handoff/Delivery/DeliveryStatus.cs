using System.Collections.Concurrent;

namespace LeadBot.Handoff.Delivery;

/// <summary>What the dispatcher knows that the store does not: which platforms are wired and which audiences have nobody to send to.</summary>
public sealed class DeliveryStatus(IEnumerable<IChannelDelivery> channels)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _waiting = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The chat platforms; webhooks (a delivery that owns its audiences) are not one.</summary>
    public IReadOnlyList<string> Platforms { get; } = channels.Where(c => c.OwnsAudience is null).Select(c => c.Platform).ToList();

    /// <summary>When the dispatcher last went round its loop; /healthz/ready calls the outbox stuck when this falls behind.</summary>
    public DateTimeOffset? LastPass { get; private set; }

    public void Pass(DateTimeOffset at) => LastPass = at;

    public void Waiting(string audience, DateTimeOffset since) => _waiting.TryAdd(audience, since);

    public void Reached(string audience) => _waiting.TryRemove(audience, out _);

    /// <summary>"waiting for a channel subscribed to team EMEA since …", for /healthz.</summary>
    public IReadOnlyList<string> WaitingFor() => _waiting.OrderBy(w => w.Value)
        .Select(w => $"waiting for {Describe(w.Key)} (since {w.Value:u})").ToList();

    public static string Describe(string audience) => Audiences.Parse(audience)?.Describe() ?? audience;
}
