using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LeadBot.Bench.Storage;

/// <summary>
/// The same two measurements on each store, through the real bot over loopback HTTP: intake (leads/s in batches of 100)
/// and claims (POST /api/leads/{id}/accept per second on distinct leads, then 200 clicks racing for one lead).
/// PostgreSQL runs in a fresh database on the server named by LEADBOT_BENCH_POSTGRES (or LEADBOT_TEST_POSTGRES).
/// </summary>
public static class StoresBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var leads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var claims = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000;
        var clients = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;
        Console.WriteLine($"stores: intake {leads:N0} leads in batches of 100, {claims:N0} claims, {clients} concurrent clients, {Environment.ProcessorCount} cores");
        Console.WriteLine("| store | intake (leads/s, batches of 100) | claims/s (distinct leads) | 200 racing clicks on one lead |");
        Console.WriteLine("|---|---:|---:|---|");

        await Measure("LiteDB", [], leads, claims, clients);
        await BenchPostgres.WithDatabaseAsync(settings => Measure("PostgreSQL", settings, leads, claims, clients));
    }

    private static async Task Measure(string store, Dictionary<string, string?> settings, int leads, int claims, int clients)
    {
        settings["Routing:Teams:1:Capacity"] = "1000000"; // EMEA: no rep runs out of capacity during the run
        using var host = new BotHost(settings);
        var client = host.Client();
        // Untimed first: the runtime recompiles the hot paths with full optimisation only after watching them run (tiered
        // JIT), which takes some 20,000 leads here (docs/benchmarks.md, intake); 100 measured half-compiled code.
        await Intake(client, "warmup", 0, WarmUpLeads, clients);

        var sw = Stopwatch.StartNew();
        await Intake(client, "run", 0, leads, clients);
        var intakeRate = leads / sw.Elapsed.TotalSeconds;

        var ids = await Intake(client, "claim", 0, claims, clients);
        var reps = new[] { "anna.schmidt@contoso.com", "luca.rossi@contoso.com" };
        sw.Restart();
        var answers = await Parallel(ids.Select((id, i) => (id, rep: reps[i & 1])), clients, a => Accept(client, a.id, a.rep));
        var claimRate = ids.Count / sw.Elapsed.TotalSeconds;
        if (answers.Any(s => s != HttpStatusCode.OK)) throw new InvalidOperationException($"{store}: an uncontested accept was refused.");

        var contested = (await Intake(client, "contested", 0, 1, 1))[0];
        var racing = await Parallel(Enumerable.Range(0, 200), clients, i => Accept(client, contested, reps[i & 1]));
        var winners = racing.Count(s => s == HttpStatusCode.OK);
        var owner = (string?)(await client.GetFromJsonAsync<JsonNode>($"/api/leads/{contested}"))!["lead"]!["owner"]!["email"];
        var wonBy = racing.Select((s, i) => (s, rep: reps[i & 1])).Where(r => r.s == HttpStatusCode.OK).Select(r => r.rep).Distinct().ToList();
        var verdict = wonBy.Count == 1 && wonBy[0] == owner && racing.All(s => s is HttpStatusCode.OK or HttpStatusCode.Conflict)
            ? $"one owner ({winners} × 200 to {owner}, the rest 409)" : $"BROKEN: {string.Join(", ", racing.GroupBy(s => s).Select(g => $"{g.Count()} × {(int)g.Key}"))}";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {store} | {intakeRate:N0} | {claimRate:N0} | {verdict} |"));
    }

    private const int WarmUpLeads = 20_000;

    /// <summary>Posts leads {prefix}-{from}… in batches of 100 from several clients; the ids, in order.</summary>
    private static async Task<List<string>> Intake(HttpClient client, string prefix, int from, int count, int clients)
    {
        var batches = Enumerable.Range(from, count).Select(i => EmeaLead(prefix, i)).Chunk(100).ToList();
        var results = await Parallel(batches, clients, async batch =>
        {
            using var response = await client.PostAsJsonAsync("/api/leads", batch);
            if ((int)response.StatusCode is not (200 or 201))
                throw new InvalidOperationException($"intake answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["results"]!.AsArray().Select(r => (string)r!["id"]!).ToList();
        });
        return [.. results.SelectMany(r => r)];
    }

    private static async Task<HttpStatusCode> Accept(HttpClient client, string id, string rep)
    {
        using var response = await client.PostAsJsonAsync($"/api/leads/{id}/accept", new { rep });
        return response.StatusCode;
    }

    private static async Task<List<T>> Parallel<TIn, T>(IEnumerable<TIn> items, int parallel, Func<TIn, Task<T>> work)
    {
        using var gate = new SemaphoreSlim(parallel);
        return [.. await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try { return await work(item); }
            finally { gate.Release(); }
        }))];
    }

    /// <summary>A lead the example routing sends to EMEA, a claim-mode team, so either EMEA rep may accept it.</summary>
    private static object EmeaLead(string prefix, int i) => new
    {
        source = "bench", externalId = $"{prefix}-{i}", email = $"lead{i}@company{i % 997}.example", firstName = "Lead", lastName = $"Number {i}",
        company = new { name = $"Company {i % 997}", industry = "Manufacturing", employees = 200 + i % 3000, country = "DE", region = "EMEA" },
        score = 70 + i % 30, campaign = $"Campaign {i % 12}",
    };
}
