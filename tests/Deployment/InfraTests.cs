using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadBot.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace LeadBot.Tests.Deployment;

/// <summary>
/// infra/ compiled with the Bicep command line (NuGet package Azure.Bicep.CommandLine.linux-x64, downloaded by the test
/// project), the linter's findings treated as errors; and the Agents Toolkit files checked against what they name.
/// </summary>
public sealed partial class InfraTests
{
    private static string Infra => Path.Combine(BotProcess.RepositoryRoot(), "infra");

    [Fact]
    public async Task MainBicep_Compiles_WithNoLinterFinding()
    {
        var (exit, output, arm) = await BicepAsync("build", "main.bicep", "--stdout");

        Assert.True(exit == 0, output);
        Assert.DoesNotMatch(Finding(), output);
        var resources = JsonNode.Parse(arm)!["resources"]!;
        var types = (resources is JsonObject o ? o.Select(r => r.Value) : resources.AsArray()).Select(r => (string?)r!["type"]).ToHashSet();
        foreach (var type in new[]
        {
            "Microsoft.BotService/botServices", "Microsoft.BotService/botServices/channels", "Microsoft.Web/sites",
            "Microsoft.KeyVault/vaults", "Microsoft.Insights/components", "Microsoft.DBforPostgreSQL/flexibleServers",
            "Microsoft.ManagedIdentity/userAssignedIdentities",
        })
            Assert.Contains(type, types);
    }

    [Fact]
    public async Task TheParameterFiles_NameOnlyParametersMainBicepHas()
    {
        var (exit, output, arm) = await BicepAsync("build", "main.bicep", "--stdout");
        Assert.True(exit == 0, output);
        var declared = JsonNode.Parse(arm)!["parameters"]!.AsObject().Select(p => p.Key).ToHashSet();

        var (paramsExit, paramsOutput, _) = await BicepAsync("build-params", "main.bicepparam", "--stdout");
        var toolkit = JsonNode.Parse(File.ReadAllText(Path.Combine(Infra, "main.parameters.json")))!["parameters"]!.AsObject();

        Assert.True(paramsExit == 0, paramsOutput);
        Assert.DoesNotMatch(Finding(), paramsOutput);
        Assert.All(toolkit.Select(p => p.Key), name => Assert.Contains(name, declared));
    }

    [Fact]
    public void TheAgentsToolkitProject_UsesFilesThatExist_AndVariablesTheEnvironmentDefines()
    {
        var root = BotProcess.RepositoryRoot();
        var text = File.ReadAllText(Path.Combine(root, "m365agents.yml"));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        var project = (YamlMappingNode)yaml.Documents[0].RootNode;

        Assert.Equal("./env", ((YamlScalarNode)project["environmentFolderPath"]).Value);
        foreach (Match path in Regex.Matches(text, @"(?<=path: |parameters: )\./\S+"))
            Assert.True(File.Exists(Path.Combine(root, path.Value)), path.Value + " does not exist");
        Assert.Contains("manifest/teams/package.cs", text, StringComparison.Ordinal);

        var defined = File.ReadAllLines(Path.Combine(root, "env", ".env.dev"))
            .Where(l => l.Contains('=') && !l.StartsWith('#')).Select(l => l[..l.IndexOf('=')]).ToHashSet();
        var used = Regex.Matches(text + File.ReadAllText(Path.Combine(Infra, "main.parameters.json")), @"\$\{\{(\w+)\}\}").Select(m => m.Groups[1].Value).ToHashSet();
        // Secrets live in .env.dev.user (not in git); the toolkit sets TEAMSFX_ENV itself too.
        Assert.DoesNotContain(used, v => !v.StartsWith("SECRET_", StringComparison.Ordinal) && !defined.Contains(v));
    }

    /// <summary>A linter or compiler finding line: "file(line,col) : Warning rule: …".</summary>
    [GeneratedRegex(@"\) : (Warning|Error|Info) ")]
    private static partial Regex Finding();

    private static async Task<(int Exit, string Output, string Stdout)> BicepAsync(params string[] args)
    {
        var package = typeof(InfraTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPackage").Value!;
        var bicep = Path.Combine(package, "tools", "bicep");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var info = new ProcessStartInfo(bicep, args) { WorkingDirectory = Infra, RedirectStandardOutput = true, RedirectStandardError = true };
        // No telemetry to Microsoft from a test run, and no update check over the network.
        info.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await stderr, await stdout);
    }
}
