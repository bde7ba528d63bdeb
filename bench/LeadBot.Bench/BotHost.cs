using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadBot.Bench;

/// <summary>The real bot on Kestrel (loopback, random port) with its own LiteDB file, for benchmarks that go through HTTP.</summary>
public sealed class BotHost : WebApplicationFactory<Program>
{
    public const string ApiKey = "bench-key";
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Replacements applied after the bot's own registrations (e.g. trusting a local fake's certificate).</param>
    public BotHost(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        Folder = Directory.CreateTempSubdirectory("leadbot-bench-").FullName;
        _settings = new()
        {
            ["ConnectionStrings:LeadBot"] = $"Filename={Path.Combine(Folder, "leadbot.db")};Connection={Environment.GetEnvironmentVariable("BENCH_LITEDB_CONNECTION") ?? "direct"}",
            ["Intake:ApiKeys:0"] = ApiKey,
        };
        foreach (var (k, v) in settings ?? []) _settings[k] = v;
        UseKestrel(0);
    }

    public string Folder { get; }

    public HttpClient Client()
    {
        StartServer();
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(BotFolder());
        // Production, with the example teams of appsettings.Development.json the benchmarks are written against.
        builder.ConfigureAppConfiguration((_, c) => c.AddJsonFile(Path.Combine(BotFolder(), "appsettings.Development.json")).AddInMemoryCollection(_settings));
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        if (_services is not null) builder.ConfigureTestServices(_services);
    }

    /// <summary>bot/ in this checkout, for its appsettings files: the example routing the benchmarks rely on.</summary>
    private static string BotFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "bot", "appsettings.json"))) return Path.Combine(dir.FullName, "bot");
        throw new DirectoryNotFoundException("Run the benchmarks from a checkout: bot/appsettings.json was not found.");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(Folder, true); } catch (IOException) { }
    }
}
