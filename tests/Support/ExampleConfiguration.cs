using Microsoft.Extensions.Configuration;

namespace LeadBot.Tests.Support;

/// <summary>
/// The example rules, teams and rosters of bot/appsettings.Development.json (what `dotnet run --project bot` uses), which
/// most tests are written against. The base appsettings.json holds production defaults only and configures no team.
/// </summary>
public static class ExampleConfiguration
{
    public static string File => Path.Combine(BotProcess.RepositoryRoot(), "bot", "appsettings.Development.json");

    /// <summary>The example as flat keys ("Routing:Teams:0:Name"), e.g. to pass to a process as environment variables.</summary>
    public static IReadOnlyDictionary<string, string> Settings() =>
        new ConfigurationBuilder().AddJsonFile(File, optional: false).Build().AsEnumerable()
            .Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
}
