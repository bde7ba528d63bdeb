using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using LeadBot.Channels;
using LeadBot.Handoff.Delivery;
using LeadBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LeadBot.Bench;

/// <summary>
/// Leads per second through POST /api/leads over real loopback HTTP into a real LiteDB file (or, with --store=postgres, a
/// fresh PostgreSQL database):
/// in batches of 100 (the integration norm) and one lead per request.
/// </summary>
public static class IntakeBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var total = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 20_000;
        var concurrency = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 4;
        // --no-delivery: the outbox dispatcher off, to separate intake's own cost from the dispatcher's. Without
        // --subscribed no channel is subscribed: the dispatcher finds nowhere to send the first announcements, gives them
        // back for a later recheck and leaves the audience in the store until its next poll. --subscribed: every audience has a channel on a local platform
        // that takes 5 posts a second per channel (429 above), paced like the real clients: a deployment at work, where
        // the dispatcher moves at the platform's pace and a backlog waits in the store.
        var delivery = !args.Contains("--no-delivery");
        var subscribed = delivery && args.Contains("--subscribed");
        var warmup = TimeSpan.FromSeconds(args.FirstOrDefault(a => a.StartsWith("--warmup=", StringComparison.Ordinal)) is { } w
            ? double.Parse(w["--warmup=".Length..], CultureInfo.InvariantCulture) : 15);
        Console.WriteLine($"intake: {total:N0} leads, {concurrency} concurrent clients, {Environment.ProcessorCount} cores, " +
            $"dispatcher {(subscribed ? "on, channels subscribed" : delivery ? "on, no channel subscribed" : "off")}, {warmup.TotalSeconds:N0} s warm-up");

        Console.WriteLine(GcSettings.Describe());
        // --allocations: what the timed part allocated, by type (sampled by the runtime).
        using var allocations = args.Contains("--allocations") ? new AllocationSampler() : null;
        // --store=postgres: a fresh database on LEADBOT_BENCH_POSTGRES or LEADBOT_TEST_POSTGRES for each part, dropped after.
        var postgres = args.Contains("--store=postgres");
        Console.WriteLine(postgres ? "store: PostgreSQL" : "store: LiteDB file, Connection=" + (Environment.GetEnvironmentVariable("BENCH_LITEDB_CONNECTION") ?? "direct"));
        Task On(Func<Dictionary<string, string?>, Task> part) => postgres ? BenchPostgres.WithDatabaseAsync(part) : part([]);
        await On(store => Measure("batches of 100", total, concurrency, 100, delivery, subscribed, warmup, allocations, store));
        await On(store => Measure("one lead per request", total / 4, concurrency, 1, delivery, subscribed, warmup, allocations, store));
    }

    private static async Task Measure(string label, int total, int concurrency, int batchSize, bool delivery, bool subscribed, TimeSpan warmup,
        AllocationSampler? allocations, Dictionary<string, string?> store)
    {
        const int postsPerSecond = 5;
        await using var platform = subscribed ? await DeliveryBenchmark.RateLimitedPlatform.StartAsync(postsPerSecond) : null;
        using var host = new BotHost(new(store) { ["Delivery:Enabled"] = delivery ? "true" : "false" }, platform is null ? null : s =>
            s.AddSingleton<IChannelDelivery>(sp => new DeliveryBenchmark.PacedChannel(platform.BaseAddress, postsPerSecond, sp.GetRequiredService<ILeadStore>())));
        var client = host.Client();
        // Untimed first, for a fixed time: the runtime recompiles hot code with full optimisation only after watching it
        // run (tiered JIT with profile-guided optimisation), which here takes some 20,000 leads. Without this a 10,000-lead
        // run measured mostly the first seconds after start (half the steady rate), not the service as it runs.
        await WarmUp(client, warmup, concurrency, batchSize);
        Console.WriteLine(await JitSettle.WaitAsync());

        var batches = Batches("run", total, batchSize);
        // Beside the rate: CPU time (CPU ÷ wall says how much of the cores the bot and the clients, in this process, kept
        // busy) and the time the store's write gate was held, under which every store call runs one group at a time, so
        // gate time per lead is the floor of the cost per lead.
        var liteDb = host.Services.GetService<ILeadStore>() as LiteDbLeadStore;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var gate = liteDb?.GateHeld ?? TimeSpan.Zero;
        var commits = liteDb?.Commits ?? default;
        // Every collection stops every thread, the one holding the store's gate too: pauses add to the time per lead.
        var (gcs, paused, allocated) = (GC.CollectionCount(0), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
        allocations?.Reset();
        var jit = JitSettle.Watch();
        var sw = Stopwatch.StartNew();
        await Send(client, batches, concurrency, batchSize);
        sw.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        gate = (liteDb?.GateHeld ?? TimeSpan.Zero) - gate;
        commits = liteDb is null ? default : (liteDb.Commits.Count - commits.Count, liteDb.Commits.Time - commits.Time);
        (gcs, paused, allocated) = (GC.CollectionCount(0) - gcs, GC.GetTotalPauseDuration() - paused, GC.GetTotalAllocatedBytes() - allocated);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-22} {total / sw.Elapsed.TotalSeconds,10:N0} leads/s   ({total:N0} leads in {sw.Elapsed.TotalSeconds:N2} s; per lead: CPU {cpu.TotalMilliseconds * 1000 / total:N0} µs, store gate {gate.TotalMilliseconds * 1000 / total:N0} µs; {cpu / sw.Elapsed:N2} cores busy; {commits.Count:N0} commits of {commits.Time.TotalMilliseconds / Math.Max(1, commits.Count):N2} ms; allocated {allocated / 1024 / total:N0} KB per lead, {gcs:N0} GCs pausing {paused.TotalMilliseconds:N0} ms; {jit()})"));
        allocations?.Print();
    }

    private static async Task WarmUp(HttpClient client, TimeSpan duration, int concurrency, int batchSize)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                var b = Interlocked.Increment(ref next);
                await Post(client, Enumerable.Range(0, batchSize).Select(i => Lead("warmup", b * batchSize + i)).ToArray(), batchSize);
            }
        }));
    }

    private static object[][] Batches(string prefix, int total, int batchSize) => Enumerable.Range(0, total / batchSize)
        .Select(b => Enumerable.Range(0, batchSize).Select(i => Lead(prefix, b * batchSize + i)).ToArray()).ToArray();

    private static Task Send(HttpClient client, object[][] batches, int concurrency, int batchSize)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches.Length) await Post(client, batches[b], batchSize);
        }));
    }

    private static async Task Post(HttpClient client, object[] leads, int batchSize)
    {
        using var response = batchSize == 1
            ? await client.PostAsJsonAsync("/api/leads", leads[0])
            : await client.PostAsJsonAsync("/api/leads", leads);
        if ((int)response.StatusCode is not (200 or 201))
            throw new InvalidOperationException($"intake answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static readonly string[] Regions = ["EMEA", "NA", "APAC"];

    internal static object Lead(string prefix, int i) => new
    {
        source = "bench",
        externalId = $"{prefix}-{i}",
        email = $"lead{i}@company{i % 997}.example",
        firstName = "Lead",
        lastName = $"Number {i}",
        title = "Head of Operations",
        company = new { name = $"Company {i % 997}", industry = "Manufacturing", employees = 200 + i % 3000, country = "DE", region = Regions[i % 3] },
        score = 60 + i % 40,
        campaign = $"Campaign {i % 12}",
    };
}
