using System.Threading.Channels;

namespace LeadBot.Channels.Slack;

/// <summary>
/// Web API calls Slack must not wait for: the endpoints acknowledge within Slack's 3 seconds and leave the calls here.
/// In memory on purpose: nothing here changes a lead. Lifecycle steps are written to the store before the
/// acknowledgement (<see cref="SlackClicks"/>), and what must reach Slack after them goes through the outbox.
/// Two lanes: the urgent one (views.open, whose trigger_id expires after 3 seconds) never waits behind paced posts.
/// </summary>
public sealed class SlackWork(ILogger<SlackWork> log)
{
    private const int Capacity = 1000, UrgentCapacity = 100;

    private readonly Channel<SlackWorkItem> _items = Lane(Capacity);
    private readonly Channel<SlackWorkItem> _urgent = Lane(UrgentCapacity);
    private readonly Lock _gate = new();
    private int _pending;
    private TaskCompletionSource _idle = Completed();

    public void Enqueue(string name, Func<CancellationToken, Task> run) => Write(_items, Capacity, name, run);

    /// <summary>Work that must start within a second or two, whatever else is queued (opening a modal).</summary>
    public void EnqueueUrgent(string name, Func<CancellationToken, Task> run) => Write(_urgent, UrgentCapacity, name, run);

    /// <summary>Completes when nothing is queued or running (tests wait on it instead of sleeping).</summary>
    public Task WhenIdle()
    {
        lock (_gate) return _idle.Task;
    }

    internal ChannelReader<SlackWorkItem> Reader => _items.Reader;
    internal ChannelReader<SlackWorkItem> UrgentReader => _urgent.Reader;

    internal void Done()
    {
        lock (_gate)
        {
            if (--_pending == 0) _idle.TrySetResult();
        }
    }

    private void Write(Channel<SlackWorkItem> lane, int capacity, string name, Func<CancellationToken, Task> run)
    {
        lock (_gate)
        {
            if (_pending++ == 0) _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        if (!lane.Writer.TryWrite(new SlackWorkItem(name, run)))
        {
            log.LogWarning("Slack work queue is full ({Capacity}); dropped {Work}", capacity, name);
            Done();
        }
    }

    private static Channel<SlackWorkItem> Lane(int capacity) =>
        Channel.CreateBounded<SlackWorkItem>(new BoundedChannelOptions(capacity) { SingleReader = true });

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}

internal readonly record struct SlackWorkItem(string Name, Func<CancellationToken, Task> Run);

/// <summary>
/// Runs queued Slack work a few items at a time per lane, so one slow call (a paced post) does not hold up the others,
/// and the urgent lane has slots of its own. On start it resumes clicks a previous run stored but did not finish.
/// </summary>
internal sealed class SlackWorker(SlackWork work, SlackClicks clicks, ILogger<SlackWorker> log) : BackgroundService
{
    private const int Parallel = 4, UrgentParallel = 2;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Here rather than in ExecuteAsync (which runs on its own thread): queued before the host takes its first request.
        clicks.ResumePending();
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(RunLaneAsync(work.Reader, Parallel, stoppingToken), RunLaneAsync(work.UrgentReader, UrgentParallel, stoppingToken));

    private async Task RunLaneAsync(ChannelReader<SlackWorkItem> lane, int parallel, CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(parallel);
        var running = new List<Task>();
        try
        {
            await foreach (var item in lane.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(RunAsync(item, slots, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(running);
    }

    private async Task RunAsync(SlackWorkItem item, SemaphoreSlim slots, CancellationToken ct)
    {
        try
        {
            await Task.Yield();
            await item.Run(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogError(e, "Slack work {Work} failed", item.Name);
        }
        finally
        {
            slots.Release();
            work.Done();
        }
    }
}
