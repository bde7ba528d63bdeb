namespace LeadBot.Tests.Storage;

/// <summary>
/// Runs work on dedicated threads released together by a barrier: the store calls block on I/O, and on a two-core
/// machine the thread pool would hand them out one by one, turning a race into a queue.
/// </summary>
public static class Concurrently
{
    public static IReadOnlyList<T> Run<T>(int count, Func<int, T> work)
    {
        var results = new T[count];
        var errors = new List<Exception>();
        using var start = new Barrier(count);
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                results[i] = work(i);
            }
            catch (Exception e)
            {
                lock (errors) errors.Add(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return errors.Count > 0 ? throw new AggregateException(errors) : results;
    }
}
