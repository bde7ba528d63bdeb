using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace LeadBot.Bench;

/// <summary>
/// Leads per second through POST /api/leads over real loopback HTTP into a real LiteDB file:
/// in batches of 100 (the integration norm) and one lead per request.
/// </summary>
public static class IntakeBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var total = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 20_000;
        var concurrency = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 4;
        // --no-delivery: the outbox dispatcher off, to separate intake's own cost from the dispatcher's, which in this
        // benchmark has no chat platform to post to and so settles every announcement at once (a real one is paced).
        var delivery = !args.Contains("--no-delivery");
        Console.WriteLine($"intake: {total:N0} leads, {concurrency} concurrent clients, {Environment.ProcessorCount} cores, dispatcher {(delivery ? "on" : "off")}");

        await Measure("batches of 100", total, concurrency, 100, delivery);
        await Measure("one lead per request", total / 4, concurrency, 1, delivery);
    }

    private static async Task Measure(string label, int total, int concurrency, int batchSize, bool delivery)
    {
        using var host = new BotHost(new() { ["Delivery:Enabled"] = delivery ? "true" : "false" });
        var client = host.Client();
        await Post(client, Enumerable.Range(0, Math.Min(batchSize, 100)).Select(i => Lead("warmup", i)).ToArray(), batchSize);

        var batches = Enumerable.Range(0, total / batchSize)
            .Select(b => Enumerable.Range(0, batchSize).Select(i => Lead("run", b * batchSize + i)).ToArray()).ToArray();
        var next = -1;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches.Length) await Post(client, batches[b], batchSize);
        }));
        sw.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-22} {total / sw.Elapsed.TotalSeconds,10:N0} leads/s   ({total:N0} leads in {sw.Elapsed.TotalSeconds:N2} s)"));
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
