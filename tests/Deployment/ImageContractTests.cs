using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Deployment;

/// <summary>
/// No container engine runs where this repository is developed, so the image is not built here. What the image promises
/// is tested instead: the bot is published as the Dockerfile publishes it, and started as the Dockerfile's runtime stage
/// starts it (its ENV, WORKDIR and ENTRYPOINT, read from the Dockerfile itself), as a non-root user, with the application
/// folder read-only and the store in a /data-like folder; then its HEALTHCHECK URL and readiness must answer.
/// </summary>
[Collection(BotProcess.Collection)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the image is Linux; so is its contract
public sealed partial class ImageContractTests
{
    /// <summary>The aspnet image's non-root user (APP_UID).</summary>
    private const int AppUid = 1654;

    [Fact]
    public async Task ThePublishedBot_StartedAsTheImageStartsIt_IsLiveAndReady()
    {
        var root = BotProcess.RepositoryRoot();
        var image = Runtime(File.ReadAllText(Path.Combine(root, "Dockerfile")));
        Assert.Equal(["dotnet", "LeadBot.dll"], image.Entrypoint);
        Assert.Equal("8080", image.Environment["ASPNETCORE_HTTP_PORTS"]);
        Assert.Equal("/data", image.Volume);
        Assert.Equal("$APP_UID", image.User);
        Assert.StartsWith("http://localhost:8080/", image.HealthCheckUrl, StringComparison.Ordinal);

        var work = Directory.CreateTempSubdirectory("leadbot-image-");
        try
        {
            var app = Path.Combine(work.FullName, "app");
            var data = Path.Combine(work.FullName, "data");
            await Run("dotnet", ["publish", Path.Combine(root, "bot", "LeadBot.csproj"), "--no-build", "-c", Configuration(), "-o", app, "--nologo"]);
            Assert.False(File.Exists(Path.Combine(app, "appsettings.Development.json")), "the example configuration must not ship in the image");
            Directory.CreateDirectory(data);
            ReadOnly(app);

            var port = FreePort();
            var info = AsAppUser(image.Entrypoint, work.FullName, data);
            info.WorkingDirectory = app; // WORKDIR /app
            foreach (var (key, value) in image.Environment) info.Environment[key] = value.Replace("/data", data, StringComparison.Ordinal);
            info.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture); // 8080 may be taken on a shared machine
            info.Environment.Remove("ASPNETCORE_URLS");
            info.Environment.Remove("ASPNETCORE_ENVIRONMENT"); // the image sets none: Production
            info.Environment.Remove("DOTNET_ENVIRONMENT");

            using var bot = await BotProcess.StartAsync(info);
            var live = await bot.Api.GetAsync(new Uri(image.HealthCheckUrl).PathAndQuery);
            var ready = await bot.Api.GetAsync("/healthz/ready");

            Assert.Equal(port, bot.Api.BaseAddress!.Port);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync() + "\n" + bot.Output);
            Assert.True(File.Exists(Path.Combine(data, "leadbot.db")), "the store is in the volume");
            Assert.Empty(Directory.GetDirectories(app, "data")); // nothing written beside the application
            Assert.DoesNotContain(" fail:", bot.Output, StringComparison.Ordinal);
        }
        finally
        {
            Writable(work.FullName);
            work.Delete(recursive: true);
        }
    }

    private sealed record RuntimeStage(Dictionary<string, string> Environment, string[] Entrypoint, string? Volume, string? User, string HealthCheckUrl);

    /// <summary>The last stage of the Dockerfile: its ENV, VOLUME, USER, HEALTHCHECK and ENTRYPOINT instructions.</summary>
    private static RuntimeStage Runtime(string dockerfile)
    {
        var lines = Regex.Replace(dockerfile, @"\\\r?\n\s*", " ").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var stage = lines.Skip(lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal))).ToList();
        var environment = new Dictionary<string, string>();
        foreach (var env in stage.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)))
            foreach (Match m in EnvPair().Matches(env[4..])) environment[m.Groups[1].Value] = m.Groups[2].Value.Trim('"');
        string? Arg(string instruction) => stage.LastOrDefault(l => l.StartsWith(instruction + " ", StringComparison.Ordinal))?[(instruction.Length + 1)..].Trim();
        var health = Regex.Match(Arg("HEALTHCHECK") ?? "", @"http://\S+").Value;
        return new RuntimeStage(environment, JsonSerializer.Deserialize<string[]>(Arg("ENTRYPOINT") ?? "[]")!, Arg("VOLUME"), Arg("USER"), health);
    }

    [GeneratedRegex(@"(\w+)=(""[^""]*""|\S+)")]
    private static partial Regex EnvPair();

    /// <summary>Root runs the bot as the image's user (setpriv); anyone else runs it as themselves.</summary>
    private static ProcessStartInfo AsAppUser(string[] entrypoint, string work, string data)
    {
        if (Environment.UserName != "root") return new ProcessStartInfo(entrypoint[0], entrypoint[1..]);
        var home = Path.Combine(work, "home");
        Directory.CreateDirectory(home);
        // The temp folder is root's and private; the app user needs to pass through it, own its volume and home.
        File.SetUnixFileMode(work, File.GetUnixFileMode(work) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        Run("chown", ["-R", $"{AppUid}:{AppUid}", data, home]).GetAwaiter().GetResult();
        var info = new ProcessStartInfo("setpriv", ["--reuid", $"{AppUid}", "--regid", $"{AppUid}", "--clear-groups", "--", .. entrypoint]);
        info.Environment["HOME"] = home;
        return info;
    }

    private static void ReadOnly(string folder)
    {
        const UnixFileMode write = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        const UnixFileMode readable = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(file, (File.GetUnixFileMode(file) | readable) & ~write);
        foreach (var dir in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Append(folder))
            File.SetUnixFileMode(dir, (File.GetUnixFileMode(dir) | readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute) & ~write);
    }

    private static void Writable(string folder)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Append(folder))
            File.SetUnixFileMode(entry, File.GetUnixFileMode(entry) | UnixFileMode.UserWrite);
    }

    /// <summary>Debug or Release: the configuration the tests (and so the bot) were built in.</summary>
    private static string Configuration() => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static async Task Run(string file, string[] args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}:\n{await output}\n{await error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
