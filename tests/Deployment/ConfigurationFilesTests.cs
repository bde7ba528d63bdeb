using System.Text.Json.Nodes;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Deployment;

/// <summary>
/// What each settings file may hold. .NET merges arrays by index, so any team, rule or key list in the base file would
/// leak into a production file that defines fewer; and a `Urls` there would outrank ASPNETCORE_URLS.
/// </summary>
public sealed class ConfigurationFilesTests
{
    private static JsonNode Read(params string[] path) => JsonNode.Parse(File.ReadAllText(Path.Combine([BotProcess.RepositoryRoot(), .. path])))!;

    [Fact]
    public void TheBaseFile_HoldsNoListenAddressAndNoExample()
    {
        var settings = Read("bot", "appsettings.json").AsObject();

        Assert.False(settings.ContainsKey("Urls"));
        Assert.False(settings.ContainsKey("Routing"));
        Assert.False(settings.ContainsKey("Qualification"));
        Assert.Empty(Arrays(settings)); // nothing a production file could inherit by index
    }

    [Fact]
    public void TheDevelopmentProfile_ListensOn3978_AndRunsAsDevelopment()
    {
        var profile = Read("bot", "Properties", "launchSettings.json")["profiles"]!["LeadBot"]!;

        Assert.Equal("http://localhost:3978", (string?)profile["applicationUrl"]);
        Assert.Equal("Development", (string?)profile["environmentVariables"]!["ASPNETCORE_ENVIRONMENT"]);
    }

    [Fact]
    public void TheExample_PutsThePlaygroundsDefaultUser_OnEmeaAndAmongTheAdmins()
    {
        var routing = Read("bot", "appsettings.Development.json")["Routing"]!;
        var emea = routing["Teams"]!.AsArray().Single(t => (string?)t!["Name"] == "EMEA")!;

        // Alex Wilber is who the Microsoft 365 Agents Playground says is clicking, with this address from its member lookup.
        Assert.Contains(emea["Members"]!.AsArray(), m => (string?)m!["Email"] == "alexw@example.com" && (string?)m["Name"] == "Alex Wilber");
        Assert.Contains(routing["Admins"]!.AsArray(), m => (string?)m!["Email"] == "alexw@example.com");
    }

    private static IEnumerable<string> Arrays(JsonNode node, string path = "") => node switch
    {
        JsonArray => [path],
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Arrays(p.Value, path + ":" + p.Key)),
        _ => [],
    };
}
