using System.Diagnostics;

namespace LeadBot.Tests.Support;

/// <summary>
/// Waits for a condition on real processes without a fixed deadline. A loaded machine (other builds beside the suite) may
/// make the work as slow as it likes; the wait fails only when the measured progress stops moving for a while, which is
/// what a lost message or a stuck dispatcher looks like. Speed is measured in bench/, not here.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultStall = TimeSpan.FromSeconds(60);

    /// <param name="done">the condition waited for</param>
    /// <param name="progress">a value that changes while work is being done (messages sent, messages pending)</param>
    public static async Task UntilAsync(Func<Task<bool>> done, Func<Task<long>> progress, string what, TimeSpan? stall = null)
    {
        var limit = stall ?? DefaultStall;
        var last = await progress();
        var quiet = Stopwatch.StartNew();
        while (!await done())
        {
            var now = await progress();
            if (now != last)
            {
                last = now;
                quiet.Restart();
            }
            else if (quiet.Elapsed > limit)
                throw new TimeoutException($"Not reached: {what}. Nothing moved for {limit.TotalSeconds:F0} s (progress stuck at {now}).");
            await Task.Delay(50);
        }
    }

    public static Task UntilAsync(Func<bool> done, Func<long> progress, string what, TimeSpan? stall = null) =>
        UntilAsync(() => Task.FromResult(done()), () => Task.FromResult(progress()), what, stall);
}
