using System.Threading.Channels;

namespace LeadBot.Channels.Slack;

/// <summary>
/// Work Slack must not wait for: the endpoints acknowledge within Slack's 3 seconds and leave the Web API calls here.
/// In memory on purpose: what must survive a crash goes through the outbox instead (card updates, contact details).
/// </summary>
public sealed class SlackWork(ILogger<SlackWork> log)
{
    private const int Capacity = 1000;

    private readonly Channel<(string Name, Func<CancellationToken, Task> Run)> _items =
        Channel.CreateBounded<(string, Func<CancellationToken, Task>)>(new BoundedChannelOptions(Capacity) { SingleReader = true });
    private readonly Lock _gate = new();
    private int _pending;
    private TaskCompletionSource _idle = Completed();

    public void Enqueue(string name, Func<CancellationToken, Task> run)
    {
        lock (_gate)
        {
            if (_pending++ == 0) _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        if (!_items.Writer.TryWrite((name, run)))
        {
            log.LogWarning("Slack work queue is full ({Capacity}); dropped {Work}", Capacity, name);
            Done();
        }
    }

    /// <summary>Completes when nothing is queued or running (tests wait on it instead of sleeping).</summary>
    public Task WhenIdle()
    {
        lock (_gate) return _idle.Task;
    }

    internal ChannelReader<(string Name, Func<CancellationToken, Task> Run)> Reader => _items.Reader;

    internal void Done()
    {
        lock (_gate)
        {
            if (--_pending == 0) _idle.TrySetResult();
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}

/// <summary>Runs queued Slack work a few items at a time, so one slow call (a paced post) does not hold up a modal that must open now.</summary>
internal sealed class SlackWorker(SlackWork work, ILogger<SlackWorker> log) : BackgroundService
{
    private const int Parallel = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(Parallel);
        var running = new List<Task>();
        try
        {
            await foreach (var (name, run) in work.Reader.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(RunAsync(name, run, slots, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(running);
    }

    private async Task RunAsync(string name, Func<CancellationToken, Task> run, SemaphoreSlim slots, CancellationToken ct)
    {
        try
        {
            await Task.Yield();
            await run(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogError(e, "Slack work {Work} failed", name);
        }
        finally
        {
            slots.Release();
            work.Done();
        }
    }
}
