using System.Diagnostics;
using System.Globalization;
using LeadBot.Bench.Insights;
using LeadBot.Insights;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

// seed N FILE: writes N leads into a new LiteDB file (seed-backlog: most of them waiting, Seeder.SeedBacklog).
// measure FILE: times the reports on it, in a fresh process. parts FILE: the store calls behind them.
var c = CultureInfo.InvariantCulture;
switch (args)
{
    case [var verb and ("seed" or "seed-backlog"), var n, var file, ..] when args.Length <= 4:
    {
        var count = int.Parse(n, c);
        var batch = args.Length == 4 ? int.Parse(args[3], c) : 10_000;
        File.Delete(file);
        var watch = Stopwatch.StartNew();
        using (var store = new LiteDbLeadStore($"Filename={file};Connection=direct"))
        {
            if (verb == "seed") Seeder.Seed(store, count, batch);
            else Seeder.SeedBacklog(store, count, batch);
        }
        Console.WriteLine(string.Create(c, $"{verb}: {count:N0} leads in {watch.Elapsed.TotalSeconds:0.0} s, file {new FileInfo(file).Length / 1048576.0:0} MB"));
        return 0;
    }
    case ["measure", var file]:
    {
        using var store = new LiteDbLeadStore($"Filename={file};Connection=direct");
        using var services = Services(store);
        var pipeline = services.GetRequiredService<PipelineReport>();
        var feedback = services.GetRequiredService<FeedbackReport>();
        var now = Seeder.Now;
        (string Name, Func<object> Run)[] cases =
        [
            ("pipeline EMEA week", () => pipeline.Build("EMEA", Period.Parse("week", now)!)),
            ("pipeline all teams quarter", () => pipeline.Build(null, Period.Parse("quarter", now)!)),
            ("feedback all week", () => feedback.Build(null, Period.Parse("week", now)!)),
            ("feedback hubspot quarter", () => feedback.Build("hubspot", Period.Parse("quarter", now)!)),
        ];
        foreach (var (name, run) in cases)
        {
            for (var i = 0; i < 3; i++) run();
            var times = Times(() => run(), 15);
            Console.WriteLine(string.Create(c, $"{name,-28} median {times[times.Count / 2],8:0.00} ms   max {times[^1],8:0.00} ms"));
        }
        var sample = pipeline.Build(null, Period.Parse("quarter", now)!);
        Console.WriteLine(string.Create(c, $"check: quarter qualified {sample.Stages.Qualified:N0}, accepted {sample.Stages.Accepted:N0}, waiting {pipeline.WaitingCount(new InsightsFilter()):N0} (listed {sample.Waiting!.Count}), SLA breaches {sample.SlaBreaches:N0}, median claim {sample.SpeedToLeadMedian}"));
        GC.Collect();
        Console.WriteLine(string.Create(c, $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB, managed heap {GC.GetTotalMemory(false) / 1048576.0:0} MB"));
        return 0;
    }
    case ["parts", var file]:
    {
        using var store = new LiteDbLeadStore($"Filename={file};Connection=direct");
        using var services = Services(store);
        var feedback = services.GetRequiredService<FeedbackReport>();
        var q = Period.Parse("quarter", Seeder.Now)!;
        var w = Period.Parse("week", Seeder.Now)!;
        var wb = Period.Parse("week", Seeder.Now, feedback.Zone)!;
        (string, Action)[] parts =
        [
            ("counters quarter", () => store.CounterTotals(q.From, q.To)),
            ("counters week", () => store.CounterTotals(w.From, w.To)),
            ("waiting", () => store.Waiting(null, 10)),
            ("waiting EMEA", () => store.Waiting("EMEA", 10)),
            ("count waiting", () => store.CountWaiting(null, Seeder.Now.AddMinutes(-5))),
            ("count waiting EMEA", () => store.CountWaiting("EMEA", Seeder.Now.AddMinutes(-5))),
            ("open owned", () => store.CountOpenOwnedBy("anna.schmidt@contoso.com")),
            ("failed", () => store.FailedMessages(1000)),
            ("comments quarter", () => store.LatestComments(new CommentQuery(q.From, q.To, Source: "hubspot", Max: 5))),
            ("comments week", () => store.LatestComments(new CommentQuery(w.From, w.To, Max: 5))),
            ("counters week Berlin", () => store.CounterTotals(wb.From, wb.To)),
            ("tally week Berlin", () => Tally.Read(store, new InsightsFilter(), wb.From, wb.To).Reasons()),
            ("feedback week", () => feedback.Build(null, w)),
            ("count rows week", () => Console.Write($"[{store.CounterTotals(wb.From, wb.To).Count} rows] ")),
        ];
        foreach (var (name, run) in parts)
        {
            var first = Stopwatch.StartNew();
            run();
            var firstMs = first.Elapsed.TotalMilliseconds;
            var times = Times(run, 25);
            Console.WriteLine(string.Create(c, $"{name,-20} first {firstMs,8:0.00} ms   median {times[times.Count / 2],8:0.00} ms"));
        }
        return 0;
    }
    case ["scan", var file, ..] when args.Length <= 3:
    {
        var keep = args.Length < 3 || args[2] != "--no-map";
        // What the service-level timers' first run costs on this store: every waiting lead read a page at a time and
        // remembered (id, version, until), as SlaTimers does; time, managed heap and the process's peak.
        using var store = new LiteDbLeadStore($"Filename={file};Connection=direct");
        var watch = Stopwatch.StartNew();
        var quiet = new Dictionary<string, (int, DateTimeOffset)>();
        foreach (var state in new[] { LeadBot.Leads.LeadState.Offered, LeadBot.Leads.LeadState.Expired })
        {
            string? after = null;
            do
            {
                var page = store.ScanLeads(state, after, 500, (id, v) => false);
                if (keep) foreach (var lead in page.Leads) quiet[lead.Id] = (lead.Version, Seeder.Now);
                after = page.Next;
            } while (after is not null);
        }
        var first = watch.Elapsed;
        watch.Restart();
        // A later run: every lead still quiet, so only its id and version are read.
        var passed = 0;
        foreach (var state in new[] { LeadBot.Leads.LeadState.Offered, LeadBot.Leads.LeadState.Expired })
        {
            string? after = null;
            do
            {
                var page = store.ScanLeads(state, after, 500, (id, v) => quiet.TryGetValue(id, out var q) && q.Item1 == v && ++passed > 0);
                after = page.Next;
            } while (after is not null);
        }
        var heap = GC.GetTotalMemory(false);
        Console.WriteLine(string.Create(c, $"scan: {quiet.Count:N0} waiting leads read in {first.TotalSeconds:0.0} s, passed over by id and version in {watch.Elapsed.TotalSeconds:0.0} s ({passed:N0}); managed heap {heap / 1048576.0:0} MB, after a full collection {GC.GetTotalMemory(true) / 1048576.0:0} MB (the map kept); peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB"));
        GC.KeepAlive(quiet);
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: seed N FILE | seed-backlog N FILE | measure FILE | parts FILE");
        return 2;
}

/// <summary>Milliseconds of <paramref name="runs"/> runs, sorted (the median is the middle one).</summary>
static List<double> Times(Action run, int runs)
{
    var times = new List<double>(runs);
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        run();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    return times;
}

static ServiceProvider Services(ILeadStore store)
{
    var settings = FindSettings();
    var config = new ConfigurationBuilder().AddJsonFile(settings).AddJsonFile(Path.Combine(Path.GetDirectoryName(settings)!, "appsettings.Development.json")).Build();
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddSingleton<IConfiguration>(config);
    services.AddSingleton(store);
    // The store by concern, as StorageSetup offers it.
    services.AddSingleton<ILeadRecords>(store);
    services.AddSingleton<IOutboxStore>(store);
    services.AddSingleton<IReportAggregates>(store);
    services.AddSingleton<IDocumentBags>(store);
    services.AddSingleton<TimeProvider>(new FakeTimeProvider(Seeder.Now));
    services.AddOptions<RoutingOptions>().Bind(config.GetSection(RoutingOptions.Section));
    services.AddOptions<InsightsOptions>().Bind(config.GetSection(InsightsOptions.Section));
    services.AddSingleton<Router>();
    services.AddSingleton<Roster>();
    services.AddSingleton<ChartLinks>();
    services.AddSingleton<PipelineReport>();
    services.AddSingleton<FeedbackReport>();
    return services.BuildServiceProvider();
}

static string FindSettings()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "bot", "appsettings.json");
        if (File.Exists(candidate)) return candidate;
    }
    throw new FileNotFoundException("bot/appsettings.json not found above the benchmark.");
}
