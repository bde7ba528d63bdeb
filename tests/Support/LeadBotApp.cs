using System.Net.Http.Headers;
using LeadBot.Handoff.Delivery;
using LeadBot.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
    private readonly Dictionary<string, string?> _given;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _exampleTeams;

    /// <param name="services">Extra registrations, e.g. a test <c>IChannelDelivery</c> that talks to a local fake platform.</param>
    /// <param name="exampleTeams">false: the production defaults of appsettings.json alone, no team configured.</param>
    public LeadBotApp(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool exampleTeams = true)
    {
        _services = services;
        _exampleTeams = exampleTeams;
        _given = settings ?? [];
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
            // The bot's clock starts at Start, but a test client's cookie jar drops a cookie whose Expires has passed by the
            // real clock: a dashboard session of the default 7 days, issued on 30 November 2026, was dropped from 7 December
            // 09:00 UTC on, and every test that signed in and then looked failed. Sessions here outlast that gap; the test of
            // expiry sets its own lifetime and sends its cookie by hand.
            ["Dashboard:SessionLifetime"] = "3650.00:00:00",
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
            RecordStartValidation(services);
            _services?.Invoke(services);
        });
    }

    /// <summary>What the start-up validation (options validated on start) refused, if it did.</summary>
    public Exception? StartRefusal { get; private set; }

    /// <summary>
    /// Starts the bot expecting its start to be refused, and returns what refused it. When a start fails after the host is
    /// built, WebApplicationFactory sometimes reports the teardown of the half-started host (ObjectDisposedException, from
    /// asking the disposed host for its lifetime) instead of the cause, depending on which thread runs first. So the cause
    /// is recorded where the host's start-up validation raises it, and a failure found only during the rest of the start
    /// is tried again on a fresh copy of this app until the cause itself comes back.
    /// </summary>
    public TException FailsToStart<TException>() where TException : Exception
    {
        var app = this;
        for (var attempt = 1; ; attempt++)
        {
            var thrown = Record.Exception(() => app.CreateClient());
            Assert.True(thrown is not null, "the bot started, but its start was expected to be refused");
            var cause = app.StartRefusal ?? thrown;
            if (app != this) app.Dispose();
            if (cause is not ObjectDisposedException || attempt == 5) return Assert.IsAssignableFrom<TException>(cause);
            app = new LeadBotApp(_given, _services, _exampleTeams);
        }
    }

    private void RecordStartValidation(IServiceCollection services)
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(IStartupValidator));
        if (original?.ImplementationType is not { } type) return;
        services.Remove(original);
        services.AddTransient<IStartupValidator>(sp => new RecordingValidator((IStartupValidator)ActivatorUtilities.CreateInstance(sp, type), this));
    }

    private sealed class RecordingValidator(IStartupValidator inner, LeadBotApp app) : IStartupValidator
    {
        public void Validate()
        {
            try { inner.Validate(); }
            catch (Exception e) { app.StartRefusal ??= e; throw; }
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
