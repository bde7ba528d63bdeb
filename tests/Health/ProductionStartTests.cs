using System.Net;
using System.Net.Sockets;
using LeadBot.Health;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Health;

[Collection(BotProcess.Collection)]
public sealed class ProductionStartTests
{
    /// <summary>
    /// A fresh production install: the built bot with appsettings.json alone, told where to listen the standard way.
    /// It must come up (not crash-loop), listen where ASPNETCORE_URLS says, and tell the admin what is missing.
    /// </summary>
    [Fact]
    public async Task WithNoTeamsConfigured_ItListensWhereAspNetCoreUrlsSays_ReportsDegraded_AndLogsWhatToSet()
    {
        var folder = Directory.CreateTempSubdirectory("leadbot-prod-").FullName;
        var port = FreePort();
        try
        {
            using var bot = await BotProcess.StartAsync(new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["ConnectionStrings__LeadBot"] = $"Filename={Path.Combine(folder, "leadbot.db")};Connection=shared",
            }, exampleTeams: false, urls: null);

            Assert.Equal(port, bot.Api.BaseAddress!.Port);
            var body = await (await bot.Api.GetAsync("/healthz")).BodyAsync();
            Assert.Equal("degraded", (string?)body["status"]);
            Assert.Contains(AdminWarnings.NoTeams, body["warnings"]!.AsArray().Select(w => (string?)w));
            Assert.Contains(AdminWarnings.NoTeams, bot.Output, StringComparison.Ordinal);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
