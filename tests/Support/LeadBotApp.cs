using System.Net.Http.Headers;
using LeadBot.Handoff.Delivery;
using LeadBot.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LeadBot.Tests.Support;

/// <summary>
/// The real bot through its real HTTP pipeline, on a real LiteDB file in a fresh temp folder, with a fake clock.
/// Settings given to the constructor override the example teams the tests rely on (<see cref="ExampleConfiguration"/>).
/// </summary>
public sealed class LeadBotApp : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-intake-key";

    /// <summary>Monday 30 November 2026, 09:00 UTC: inside every example team's business hours.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _exampleTeams;

    /// <param name="services">Extra registrations, e.g. a test <c>IChannelDelivery</c> that talks to a local fake platform.</param>
    /// <param name="exampleTeams">false: the production defaults of appsettings.json alone, no team configured.</param>
    public LeadBotApp(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool exampleTeams = true)
    {
        _services = services;
        _exampleTeams = exampleTeams;
        Folder = Directory.CreateTempSubdirectory("leadbot-test-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:LeadBot"] = $"Filename={Path.Combine(Folder, "leadbot.db")};Connection=shared",
            ["Intake:ApiKeys:0"] = ApiKey,
            // Tests look at the outbox and drive channels by hand; the delivery tests turn the dispatcher on.
            ["Delivery:Enabled"] = "false",
            // Digests would add messages to the outbox whenever a test's clock passes 08:00; the digest tests turn them on.
            ["Insights:Digests:MarketingCron"] = "",
            ["Insights:Digests:ManagersCron"] = "",
            ["Criteria:Review:Cron"] = "",
        };
        foreach (var (k, v) in settings ?? []) _settings[k] = v;
    }

    public string Folder { get; }
    public FakeTimeProvider Clock { get; } = new(Start);
    public ILeadStore Store => Services.GetRequiredService<ILeadStore>();
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A client that sends the intake API key.</summary>
    public HttpClient Api()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) =>
        {
            if (_exampleTeams) config.AddJsonFile(ExampleConfiguration.File);
            config.AddInMemoryCollection(_settings);
        });
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            _services?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
