using System.Globalization;
using System.Text.Json.Nodes;
using LeadBot.Health;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Health;

[Collection(BotProcess.Collection)]
public sealed class CollectorSettingTests
{
    [Fact]
    public async Task ABotStartedWithTheLaunchSetting_StartsQuietly_AndOneWithASmallAllowance_TellsTheAdmin()
    {
        var shipped = LaunchSetting();
        Assert.Equal(CollectorSetting.Recommended, shipped);
        Assert.Null(CollectorSetting.Advice(long.Parse(shipped[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)));

        using (var with = await BotProcess.StartAsync(new Dictionary<string, string> { [CollectorSetting.Variable] = shipped }))
        {
            await with.Api.GetAsync("/healthz");
            Assert.DoesNotContain(CollectorSetting.Variable, with.Output, StringComparison.Ordinal);
        }
        // What a virtual machine that reports no CPU cache gets without the variable; machines that do report one get more,
        // so the small allowance is set rather than left to the machine.
        using var small = await BotProcess.StartAsync(new Dictionary<string, string> { [CollectorSetting.Variable] = "0x200000" });
        await small.Api.GetAsync("/healthz");
        Assert.Contains("gen0 grow to 6 MB at most", small.Output, StringComparison.Ordinal); // the runtime's ceiling above a small floor
        Assert.Contains($"{CollectorSetting.Variable}={CollectorSetting.Recommended}", small.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2 * 1024 * 1024)]
    [InlineData(6 * 1024 * 1024)]
    public void ASmallAllowance_IsReportedWithItsSize(long budget)
    {
        var advice = CollectorSetting.Advice(budget);

        Assert.NotNull(advice);
        Assert.Contains($"grow to {budget / 1048576} MB at most", advice, StringComparison.Ordinal);
    }

    /// <summary>What `dotnet run --project bot` starts the bot with.</summary>
    private static string LaunchSetting()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(BotProcess.RepositoryRoot(), "bot", "Properties", "launchSettings.json")))!;
        return (string)json["profiles"]!["LeadBot"]!["environmentVariables"]![CollectorSetting.Variable]!;
    }
}
