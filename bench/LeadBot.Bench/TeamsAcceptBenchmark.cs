using System.Globalization;
using System.Net;
using System.Runtime;
using System.Text;
using System.Text.Json.Nodes;
using LeadBot.Cards;
using LeadBot.Handoff;
using LeadBot.Intake;
using LeadBot.Leads;
using LeadBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LeadBot.Bench;

/// <summary>
/// Authenticated Teams <c>adaptiveCard/action</c> accepts per second and their p99 over real loopback HTTP into the real bot
/// (JWT checked against a local OpenID/JWKS endpoint, real LiteDB file), beside a bare Kestrel endpoint in the same run:
/// bare, accepts of distinct leads, every user racing for the same leads, bare again.
/// Arguments: [accepts=10000] [raceLeads=100] [bareRequests=40000] [connections=64] [--store=litedb|postgres|memory].
/// litedb is the shipped LiteDB file (Connection=direct; BENCH_LITEDB_CONNECTION=shared for the other mode); postgres a fresh database on LEADBOT_BENCH_POSTGRES or
/// LEADBOT_TEST_POSTGRES (tests/postgres.sh), dropped afterwards; memory a LiteDB in memory: the cost of everything but the disk.
/// </summary>
public static class TeamsAcceptBenchmark
{
    private const string AppId = "5a1c0f6e-7d4b-4c3a-9e2f-1b8d6c4a2e90";
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string Channel = "19:bench-leads@thread.tacv2";
    private const string Card = "application/vnd.microsoft.card.adaptive";
    private const string OutcomeVerb = "\"verb\":\"" + CardVerbs.Outcome + "\"";

    public static async Task RunAsync(string[] args)
    {
        var store = args.FirstOrDefault(a => a.StartsWith("--store=", StringComparison.Ordinal))?["--store=".Length..] ?? "litedb";
        // --allocations: what the distinct accepts allocated, by type (sampled by the runtime).
        s_allocations = args.Contains("--allocations") ? new AllocationSampler() : null;
        args = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        if (store != "postgres")
        {
            await RunAsync(args, store, store == "memory" ? new() { ["ConnectionStrings:LeadBot"] = "Filename=:memory:" } : []);
            return;
        }
        await BenchPostgres.WithDatabaseAsync(settings => RunAsync(args, "PostgreSQL", settings));
    }

    private static AllocationSampler? s_allocations;

    private static async Task RunAsync(string[] args, string storeName, Dictionary<string, string?> storeSettings)
    {
        int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
        var (accepts, raceLeads, bareRequests, connections) = (Arg(0, 10_000), Arg(1, 100), Arg(2, 40_000), Arg(3, 64));
        Console.WriteLine($"teams-accept: {accepts:N0} accepts of distinct leads, {raceLeads} leads × {connections} racing clicks, " +
            $"{bareRequests:N0} bare requests, {connections} connections");
        Console.WriteLine($"  machine: {Environment.ProcessorCount} cores, load {HttpLoad.LoadAverage()}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, store {(storeName == "litedb" ? "LiteDB file, Connection=" + (Environment.GetEnvironmentVariable("BENCH_LITEDB_CONNECTION") ?? "direct") : storeName)}");

        await using var fake = new BenchBotFramework();
        await using var bare = await BareEndpoint.StartAsync();
        var users = Enumerable.Range(0, connections).Select(u => new BenchUser(u)).ToArray();
        foreach (var u in users) fake.Directory[u.Aad] = u.Email;
        var settings = Settings(fake, users);
        foreach (var (k, v) in storeSettings) settings[k] = v;
        using var host = new BotHost(settings, services => services.ConfigureHttpClientDefaults(http =>
            http.ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                // The bot trusts the fake's self-signed certificate, and nothing the system would not.
                ServerCertificateCustomValidationCallback = (_, cert, _, errors) =>
                    errors == System.Net.Security.SslPolicyErrors.None || cert?.Thumbprint == fake.Certificate.Thumbprint,
            })));
        var botAddress = host.Client().BaseAddress!;

        var seed = System.Diagnostics.Stopwatch.StartNew();
        // Warm-up accepts and 30,000 bare requests, in three rounds each followed by an idle wait for the tiered JIT to
        // finish (JitSettle): the runtime recompiles hot paths with full optimisation only after watching them run, and on
        // two busy cores those compiles lag the load; without the waits both measured phases shared their CPU with them.
        var warmLeads = Seed(host, "warm", WarmUpAccepts);
        var distinct = Seed(host, "distinct", accepts);
        var contested = Seed(host, "race", raceLeads);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  seeded {warmLeads.Count + distinct.Count + contested.Count:N0} offered leads through LeadIntake in {seed.Elapsed.TotalSeconds:N1} s"));

        var now = TimeProvider.System.GetUtcNow();
        var tokens = users.Select(_ => fake.ChannelToken(AppId, now)).ToArray();
        using var teams = new HttpLoad(botAddress, connections);
        using var baseline = new HttpLoad(bare.Address, connections);

        // Warm-up: JIT, the signing keys fetch, the Connector token and every user's one email lookup, then the baseline's JIT.
        var install = await teams.RunAsync("install", "/api/messages", [new LoadRequest(Install(fake, users[0]), tokens[0])], (_, s, _) => s == HttpStatusCode.OK);
        var warmClicks = warmLeads.Select((lead, i) => Click(fake, users[i % users.Length], tokens[i % users.Length], "warm", i, lead)).ToList();
        var bareBody = Encoding.UTF8.GetBytes(Invoke(fake, users[0], "bare", 0, "LEAD-0").ToJsonString());
        var warm = new List<string>();
        foreach (var round in warmClicks.Chunk(WarmUpAccepts / WarmUpRounds))
        {
            warm.Add((await teams.RunAsync("warm-up accepts", "/api/messages", round, (_, s, b) => s == HttpStatusCode.OK && b.Contains(OutcomeVerb, StringComparison.Ordinal))).ToString());
            await baseline.RunAsync("bare warm-up", "/api/messages", Enumerable.Repeat(new LoadRequest(bareBody, tokens[0]), 30_000 / WarmUpRounds).ToList(), (_, s, _) => s == HttpStatusCode.OK);
            warm.Add(await JitSettle.WaitAsync());
        }
        Console.WriteLine(install);
        foreach (var w in warm) Console.WriteLine(w);

        var bareRun = Enumerable.Repeat(new LoadRequest(bareBody, tokens[0]), bareRequests).ToList();
        var acceptRun = distinct.Select((lead, i) => Click(fake, users[i % users.Length], tokens[i % users.Length], "distinct", i, lead)).ToList();
        // Click i goes to lead i / connections: the workers take clicks in order, so every user clicks each contested lead at nearly the same time.
        var raceRun = Enumerable.Range(0, contested.Count * users.Length)
            .Select(i => Click(fake, users[i % users.Length], tokens[i % users.Length], "race", i, contested[i / users.Length])).ToList();
        var winners = 0;

        var gate = host.Services.GetRequiredService<ILeadStore>() as LiteDbLeadStore;
        var results = new List<LoadResult>();
        // CPU of this process (the bot, its clients and the fake Teams) per request: with the gate's time, says whether the
        // store's one writer or the two cores bound the rate.
        static TimeSpan Cpu() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var cpu = Cpu();
        var bareJit = JitSettle.Watch();
        results.Add(await baseline.RunAsync("bare endpoint", "/api/messages", bareRun, (_, s, _) => s == HttpStatusCode.OK));
        var bareCpu = Cpu() - cpu;
        var bareJitted = bareJit();
        var gateBefore = gate?.GateHeld ?? TimeSpan.Zero;
        cpu = Cpu();
        var (allocated, gcs, paused) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.GetTotalPauseDuration());
        var jit = JitSettle.Watch();
        s_allocations?.Reset();
        results.Add(await teams.RunAsync("teams accept, distinct leads", "/api/messages", acceptRun,
            (_, s, b) => s == HttpStatusCode.OK && b.Contains(Card, StringComparison.Ordinal) && b.Contains(OutcomeVerb, StringComparison.Ordinal)));
        var acceptCpu = Cpu() - cpu;
        (allocated, gcs, paused) = (GC.GetTotalAllocatedBytes() - allocated, GC.CollectionCount(0) - gcs, GC.GetTotalPauseDuration() - paused);
        var jitted = jit();
        s_allocations?.Print(25);
        s_allocations?.Dispose();
        var gatePerAccept = ((gate?.GateHeld ?? TimeSpan.Zero) - gateBefore) / Math.Max(1, acceptRun.Count);
        results.Add(await teams.RunAsync($"teams accept, {users.Length} racing per lead", "/api/messages", raceRun, (_, s, b) =>
        {
            if (b.Contains(OutcomeVerb, StringComparison.Ordinal)) Interlocked.Increment(ref winners);
            return s == HttpStatusCode.OK && b.Contains(Card, StringComparison.Ordinal);
        }));
        results.Add(await baseline.RunAsync("bare endpoint (again)", "/api/messages", bareRun, (_, s, _) => s == HttpStatusCode.OK));
        foreach (var r in results) Console.WriteLine(r);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  CPU per request (bot and clients): bare {bareCpu.TotalMilliseconds * 1000 / bareRun.Count:N0} µs ({bareCpu / results[0].Elapsed:N2} cores busy; {bareJitted}), " +
            $"distinct accept {acceptCpu.TotalMilliseconds * 1000 / acceptRun.Count:N0} µs ({acceptCpu / results[1].Elapsed:N2} cores busy; " +
            $"allocated {allocated / 1024 / acceptRun.Count:N0} KB per accept, {gcs:N0} GCs pausing {paused.TotalMilliseconds:N0} ms, " +
            $"{jitted})"));
        // Every store call runs under LiteDB's one write gate (the outbox dispatcher's too): its time per accept bounds the rate.
        if (gate is not null)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  LiteDB write gate held {gatePerAccept.TotalMilliseconds:N2} ms per distinct accept"));

        var store = host.Services.GetRequiredService<ILeadStore>();
        var accepted = distinct.Count(id => store.Find(id)?.State == LeadState.Accepted);
        var single = contested.Count(id => store.History(id).Count(e => e.Type == "accepted") == 1);
        Console.WriteLine($"  check: {accepted:N0}/{distinct.Count:N0} distinct leads accepted; {single}/{contested.Count} contested leads with exactly one accept; " +
            $"{winners} racing clicks got the owner card (must be {contested.Count}); {fake.ConnectorCalls} Connector calls (member lookups, then the dispatcher's posts and card updates as far as it got)");

        var bareMean = (results[0].PerSecond + results[3].PerSecond) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  distinct accepts = {100 * results[1].PerSecond / bareMean:N1}% of the bare endpoint (mean of its two runs; target ≥ 10%), " +
            $"racing = {100 * results[2].PerSecond / bareMean:N1}%; p99 {results[1].P99Ms:N1} ms vs bare {results[0].P99Ms:N1}/{results[3].P99Ms:N1} ms"));
    }

    private sealed record BenchUser(int N)
    {
        public string Aad { get; } = $"0b3e5a10-0000-4000-8000-{N:D12}";
        public string TeamsId => "29:" + Aad;
        public string Email => $"bench.rep{N}@contoso.com";
        public string Name => $"Bench Rep {N}";
    }

    /// <summary>Bot Framework auth against the fake, and the users as extra EMEA reps (claim mode) with room for every lead.</summary>
    private static Dictionary<string, string?> Settings(BenchBotFramework fake, IReadOnlyList<BenchUser> users)
    {
        var s = fake.BotSettings(AppId, Tenant);
        s["Routing:Teams:1:Capacity"] = "1000000";
        // appsettings.json's EMEA team (index 1) has two members (0, 1); the bench users follow them.
        foreach (var u in users)
        {
            s[$"Routing:Teams:1:Members:{u.N + 2}:Email"] = u.Email;
            s[$"Routing:Teams:1:Members:{u.N + 2}:Name"] = u.Name;
        }
        return s;
    }

    private const int WarmUpAccepts = 6_000, WarmUpRounds = 3;

    private static List<string> Seed(BotHost host, string prefix, int count)
    {
        var intake = host.Services.GetRequiredService<LeadIntake>();
        var now = TimeProvider.System.GetUtcNow();
        var ids = new List<string>(count);
        for (var b = 0; b < count; b += 100)
            ids.AddRange(intake.Receive(Enumerable.Range(b, Math.Min(100, count - b)).Select(i => EmeaLead(prefix, i, now)).ToList()).Select(o => o.Lead.Id));
        return ids;
    }

    private static Lead EmeaLead(string prefix, int i, DateTimeOffset now) => new()
    {
        Id = LeadId.New(now), Source = "bench", ExternalId = $"teams-{prefix}-{i}", Email = $"t{prefix}{i}@x.example", ReceivedAt = now,
        FirstName = "Lead", LastName = $"Number {i}", Title = "Head of Operations",
        Company = new Company { Name = $"Company {i % 997}", Industry = "Manufacturing", Employees = 500, Country = "DE", Region = "EMEA" }, Score = 90,
    };

    private static LoadRequest Click(BenchBotFramework fake, BenchUser user, string token, string phase, int i, string leadId) =>
        new(Encoding.UTF8.GetBytes(Invoke(fake, user, phase, i, leadId).ToJsonString()), token);

    /// <summary>An Action.Execute "accept" on a lead card in a channel, shaped like teams/activities/invoke-adaptiveCard-action-*.json.</summary>
    private static JsonObject Invoke(BenchBotFramework fake, BenchUser user, string phase, int i, string leadId)
    {
        var a = Activity(fake, user, "invoke", $"bench-{phase}-{i}", Channel + ";messageid=1:announce-" + leadId);
        a["name"] = "adaptiveCard/action";
        a["replyToId"] = "1:announce-" + leadId;
        a["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = CardVerbs.Accept, ["data"] = new JsonObject { [CardData.LeadId] = leadId } },
            ["trigger"] = "manual",
        };
        return a;
    }

    private static byte[] Install(BenchBotFramework fake, BenchUser by)
    {
        var a = Activity(fake, by, "conversationUpdate", "bench-install", Channel);
        a["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "28:" + AppId });
        return Encoding.UTF8.GetBytes(a.ToJsonString());
    }

    private static JsonObject Activity(BenchBotFramework fake, BenchUser from, string type, string id, string conversationId) => new()
    {
        ["type"] = type, ["id"] = id, ["channelId"] = "msteams", ["serviceUrl"] = fake.ServiceUrl,
        ["timestamp"] = "2026-03-02T09:30:00.000Z", ["locale"] = "en-US",
        ["from"] = new JsonObject { ["id"] = from.TeamsId, ["name"] = from.Name, ["aadObjectId"] = from.Aad },
        ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "LeadBot" },
        ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = Tenant },
        ["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = Tenant },
            ["team"] = new JsonObject { ["id"] = "19:bench-team@thread.tacv2", ["name"] = "Sales" },
            ["channel"] = new JsonObject { ["id"] = Channel, ["name"] = "EMEA leads" },
        },
    };
}
