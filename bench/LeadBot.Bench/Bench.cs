namespace LeadBot.Bench;

/// <summary>Each benchmark is a subcommand: <c>dotnet run -c Release --project bench/LeadBot.Bench -- &lt;name&gt;</c>.</summary>
public static class Bench
{
    private static readonly Dictionary<string, Func<string[], Task>> Benchmarks = new(StringComparer.OrdinalIgnoreCase)
    {
        ["intake"] = IntakeBenchmark.RunAsync,
        ["claim"] = ClaimBenchmark.RunAsync,
        ["delivery"] = DeliveryBenchmark.RunAsync,
        ["stores"] = Storage.StoresBenchmark.RunAsync,
        ["litedb-ops"] = Storage.LiteDbOpsBenchmark.RunAsync,
        ["claim-writes"] = Storage.ClaimWritesBenchmark.RunAsync,
        ["teams-accept"] = TeamsAcceptBenchmark.RunAsync,
        ["speed-to-lead"] = SpeedToLeadBenchmark.RunAsync,
        ["chat-reports"] = ChatReportsBenchmark.RunAsync,
    };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || !Benchmarks.TryGetValue(args[0], out var run))
        {
            await Console.Error.WriteLineAsync($"usage: LeadBot.Bench <{string.Join('|', Benchmarks.Keys)}> [options]");
            return 2;
        }
        await run(args[1..]);
        return 0;
    }
}
