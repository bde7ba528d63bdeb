using LeadBot.Storage;

namespace LeadBot.Handoff.Delivery;

/// <summary>
/// One way of delivering outbox messages: a chat platform (Teams, Slack), or any other sender. The dispatcher hands every
/// due message to every delivery; a chat platform follows the <see cref="DeliveryPlan"/> (who gets which card), skips the
/// conversations it already delivered to (so a retry after a crash never posts twice), and sends the rest. A delivery
/// answers <see cref="DeliveryResult.Nowhere"/> for a message that is not for it.
/// </summary>
public interface IChannelDelivery
{
    /// <summary>"teams", "slack", or another sender's name.</summary>
    string Platform { get; }

    /// <summary>
    /// An audience prefix ("webhook:") whose messages this delivery alone sends, each audience in its own lane and
    /// ordered only among themselves; null for the chat platforms, which share every other audience.
    /// </summary>
    string? OwnsAudience => null;

    Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken ct);
}

/// <param name="Sent">Conversations posted or updated by this call.</param>
/// <param name="AlreadySent">Conversations skipped because an earlier attempt had delivered there.</param>
/// <param name="NoDestination">Nobody on this platform is subscribed to the audience (yet).</param>
public sealed record DeliveryResult(int Sent, int AlreadySent, bool NoDestination)
{
    public static readonly DeliveryResult Nowhere = new(0, 0, true);
}

/// <summary>A failed send. <see cref="RetryAfter"/> comes from the platform's 429; <see cref="Permanent"/> means retrying cannot help.</summary>
public sealed class DeliveryException(string message, TimeSpan? retryAfter = null, bool permanent = false, Exception? inner = null)
    : Exception(message, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
    public bool Permanent { get; } = permanent;
}
