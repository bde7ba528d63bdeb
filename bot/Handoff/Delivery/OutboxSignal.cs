namespace LeadBot.Handoff.Delivery;

/// <summary>
/// Wakes the dispatcher as soon as something is enqueued, so an announcement goes out in milliseconds rather than at
/// the next poll. A poke while nobody waits is remembered until the next wait.
/// </summary>
public sealed class OutboxSignal
{
    private TaskCompletionSource _next = New();
    private int _poked;

    public void Poke()
    {
        Volatile.Write(ref _poked, 1);
        Interlocked.Exchange(ref _next, New()).TrySetResult();
    }

    /// <summary>Completes at the next poke, or at once if poked since the last call.</summary>
    public Task NextAsync()
    {
        // Take the task before clearing the flag: a poke in between either sets the flag we read or completes this task.
        var next = Volatile.Read(ref _next).Task;
        return Interlocked.Exchange(ref _poked, 0) == 1 ? Task.CompletedTask : next;
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
