using LeadBot.Storage.Postgres;
using Microsoft.Extensions.Options;

namespace LeadBot.Storage;

public static class StorageSetup
{
    private const int MinThreads = 64;

    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration("Storage")
            .Validate(o => o.IsLiteDb || o.IsPostgres, "Storage:Provider must be LiteDB or PostgreSQL.")
            .Validate<IConfiguration>((o, config) => !o.IsPostgres || config.GetConnectionString("LeadBot") is { Length: > 0 } cs && !cs.Contains("Filename=", StringComparison.OrdinalIgnoreCase),
                "Storage:Provider PostgreSQL needs an Npgsql connection string in ConnectionStrings:LeadBot (Host=…;Database=…;Username=…;Password=…).")
            .ValidateOnStart();
        builder.Services.AddSingleton<ILeadStore>(sp =>
        {
            var cs = sp.GetRequiredService<IConfiguration>().GetConnectionString("LeadBot");
            // The store API is synchronous, so each request holds its thread while it waits: for a database round trip
            // (PostgreSQL) or for its turn in LiteDB's group commit. With the default minimum (one thread per core) a
            // burst of requests queues behind the thread pool's slow growth instead of joining the next group.
            ThreadPool.GetMinThreads(out var workers, out var io);
            ThreadPool.SetMinThreads(Math.Max(workers, MinThreads), io);
            return sp.GetRequiredService<IOptions<StorageOptions>>().Value.IsPostgres
                ? new PostgresLeadStore(cs!, sp.GetRequiredService<ILogger<PostgresLeadStore>>())
                : OpenLiteDb(cs is { Length: > 0 } ? cs : StorageOptions.DefaultConnectionString);
        });
        // One store, offered by concern too: a class that only keeps documents or only reads reports asks for that.
        builder.Services.AddSingleton<ILeadRecords>(sp => sp.GetRequiredService<ILeadStore>());
        builder.Services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<ILeadStore>());
        builder.Services.AddSingleton<IReportAggregates>(sp => sp.GetRequiredService<ILeadStore>());
        builder.Services.AddSingleton<IDocumentBags>(sp => sp.GetRequiredService<ILeadStore>());
        builder.Services.AddHostedService<StoreWarmup>();
        return builder;
    }

    /// <summary>In direct mode a second process gets the OS's file lock error; say what it means and what to do instead.</summary>
    private static LiteDbLeadStore OpenLiteDb(string connectionString)
    {
        try { return new LiteDbLeadStore(connectionString); }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"The LiteDB file in ConnectionStrings:LeadBot ({new LiteDB.ConnectionString(connectionString).Filename}) is open in another process. " +
                "With Connection=direct one process owns the file: stop the other process (another bot, a LiteDB viewer), or read the running bot's data " +
                "through its API (GET /api/leads/{id}, /api/reports/leads.csv, /healthz). " + e.Message, e);
        }
    }
}

/// <summary>
/// Opens the store and migrates its schema while the app starts, so the first request does not pay for it.
/// An unreachable database does not stop the start: /healthz answers 503 until it is back, and the next operation migrates.
/// </summary>
internal sealed class StoreWarmup(ILeadStore store, ILogger<StoreWarmup> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (store.Probe() is { } problem) log.LogError("Store not reachable at start: {Problem}", problem);
        else log.LogInformation("Store ready, schema version {Version}", store.SchemaVersion);
        if (store is LiteDbLeadStore { File: var file, Shared: var shared })
        {
            if (shared)
                log.LogInformation("LiteDB file {File} in shared mode: other processes may open it, and every commit opens, checkpoints and closes it " +
                    "(single-lead requests and clicks run at about a third of direct mode's rate)", file);
            else
                log.LogInformation("LiteDB file {File} is this process's alone (Connection=direct): another process opening it gets a lock error. " +
                    "Read a running bot's data through its API (GET /api/leads/{{id}}, /api/reports/leads.csv and feedback.csv, /healthz); " +
                    "Connection=shared is worth its cost only when another program must open the file while the bot runs", file);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
