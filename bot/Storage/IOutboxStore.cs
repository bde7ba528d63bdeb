namespace LeadBot.Storage;

/// <summary>The outbox: durable intents to send, taken under a lease so that several dispatchers never send one twice.</summary>
public interface IOutboxStore
{
    void Enqueue(IReadOnlyList<OutboxMessage> messages);
    /// <param name="skipAudiences">Audiences the caller has enough of in hand: their messages stay in the store for later.</param>
    /// <param name="perAudience">
    /// At most this many of one audience: a burst for one busy channel must not fill what is taken while another
    /// channel's message waits behind it.
    /// </param>
    /// <param name="onlyAudiences">When given, messages of these audiences alone (those just enqueued for).</param>
    IReadOnlyList<OutboxMessage> TakeDue(DateTimeOffset now, int max, string worker, TimeSpan lease, IReadOnlyCollection<string>? skipAudiences = null, int perAudience = int.MaxValue,
        IReadOnlySet<string>? onlyAudiences = null);
    void Complete(string messageId, string worker, DateTimeOffset at);
    void Reschedule(string messageId, string worker, DateTimeOffset dueAt, string error, bool parkAsFailed);
    /// <summary>Gives a leased message back without counting an attempt: nobody to send it to yet, throttled, or shutting down.</summary>
    bool Release(string messageId, string worker, DateTimeOffset dueAt, string? note);
    OutboxStats OutboxStats();
    IReadOnlyList<OutboxMessage> FailedMessages(int max);
    bool Retry(string messageId, DateTimeOffset now);
}
