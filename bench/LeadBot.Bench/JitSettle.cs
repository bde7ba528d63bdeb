using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace LeadBot.Bench;

/// <summary>
/// Waits, idle, until the runtime has compiled nothing for half a second (at most 30 s), after a warm-up. On two busy
/// cores the tiered JIT's background compiles lag far behind the code they optimise: a teams-accept run without this
/// wait still spent a fifth of its measured CPU compiling (982 methods in 814 ms of a 2.2 s phase), and its bare endpoint
/// measured 10,400–13,500 instead of 22,900–46,900 requests/s. A bot that has been up for a minute compiles nothing any more.
/// </summary>
public static class JitSettle
{
    public static async Task<string> WaitAsync()
    {
        var waited = Stopwatch.StartNew();
        var start = JitInfo.GetCompiledMethodCount();
        var last = start;
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(500);
            var now = JitInfo.GetCompiledMethodCount();
            if (now == last) break;
            last = now;
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"  tiered JIT settled after {waited.Elapsed.TotalSeconds:N1} s idle ({last - start:N0} methods compiled meanwhile)");
    }

    /// <summary>What the runtime compiled from now until the returned function is called: to print beside a measured phase.</summary>
    public static Func<string> Watch()
    {
        var (count, time) = (JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());
        return () => string.Create(CultureInfo.InvariantCulture,
            $"{JitInfo.GetCompiledMethodCount() - count:N0} methods compiled in {(JitInfo.GetCompilationTime() - time).TotalMilliseconds:N0} ms");
    }
}
