using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace LeadBot.Tests.Support;

/// <summary>
/// A real LeadBot process (the build output of bot/, with its appsettings.json) on a loopback port of its own,
/// configured through environment variables the way an operator would: the example teams, then the test's settings.
/// </summary>
public sealed partial class BotProcess : IDisposable
{
    public const string ApiKey = "two-instances-key";
    public const string Collection = "bot processes";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HttpClient? _api;

    private BotProcess(ProcessStartInfo info)
    {
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.Exited += (_, _) =>
        {
            // Exited can come before the last redirected lines; WaitForExit() without a limit waits for both streams' end.
            _process.WaitForExit();
            _listening.TrySetException(new InvalidOperationException("LeadBot exited at start:\n" + Output));
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>A client for this instance that sends the intake API key.</summary>
    public HttpClient Api => _api ?? throw new InvalidOperationException("Not started.");

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <param name="exampleTeams">false: the production defaults of appsettings.json alone, no team configured.</param>
    /// <param name="urls">passed as --urls; null: none, so the process listens where its environment (ASPNETCORE_URLS) says.</param>
    public static async Task<BotProcess> StartAsync(IReadOnlyDictionary<string, string> environment, bool exampleTeams = true, string? urls = "http://127.0.0.1:0")
    {
        var folder = BotFolder();
        var info = new ProcessStartInfo("dotnet", urls is null ? [Path.Combine(folder, "LeadBot.dll")] : [Path.Combine(folder, "LeadBot.dll"), "--urls", urls])
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (exampleTeams)
            foreach (var (key, value) in ExampleConfiguration.Settings()) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        info.Environment["Intake__ApiKeys__0"] = ApiKey;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var bot = new BotProcess(info);
        try
        {
            // The signal is the "Now listening" line (or the process's exit); the limit only stops a hung start.
            var address = await bot._listening.Task.WaitAsync(TimeSpan.FromMinutes(3));
            bot._api = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
            bot._api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
            bot._api.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            return bot;
        }
        catch
        {
            bot.Dispose();
            throw;
        }
    }

    /// <summary>Starts a process prepared by the caller (e.g. as another user) and waits until it listens.</summary>
    public static async Task<BotProcess> StartAsync(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var bot = new BotProcess(info);
        try
        {
            var address = await bot._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            // Kestrel reports a wildcard ("http://[::]:8080") when told a port only; the client needs a host.
            var host = address.Host is "[::]" or "0.0.0.0" or "+" or "*" ? "127.0.0.1" : address.Host;
            bot._api = new HttpClient { BaseAddress = new UriBuilder(address) { Host = host }.Uri, Timeout = TimeSpan.FromSeconds(60) };
            return bot;
        }
        catch
        {
            bot.Dispose();
            throw;
        }
    }

    private void Collect(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (ListeningOn().Match(line) is { Success: true } m) _listening.TrySetResult(new Uri(m.Groups[1].Value));
    }

    /// <summary>bot/bin/&lt;configuration&gt;/&lt;tfm&gt;, built with the tests (they reference the bot project).</summary>
    private static string BotFolder()
    {
        var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // tests/bin/<configuration>/<tfm>
        var folder = Path.Combine(RepositoryRoot(), "bot", "bin", tests.Parent!.Name, tests.Name);
        return File.Exists(Path.Combine(folder, "LeadBot.dll")) ? folder : throw new FileNotFoundException("Build bot/ first.", folder);
    }

    /// <summary>The checkout the tests were built from: the folder of LeadBot.sln above the test binaries.</summary>
    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "LeadBot.sln"))) root = root.Parent;
        return root?.FullName ?? throw new DirectoryNotFoundException("LeadBot.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();

    /// <summary>SIGKILL, like a crashed or evicted host: no shutdown hooks, nothing flushed or released.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        _api?.Dispose();
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { } // already gone
        _process.Dispose();
    }
}

/// <summary>
/// Tests that start real bot processes: each loads both cores for tens of seconds, so they run one at a time and
/// alone, where their deadlines mean something.
/// </summary>
[CollectionDefinition(BotProcess.Collection, DisableParallelization = true)]
public sealed class BotProcessesRunAlone;
