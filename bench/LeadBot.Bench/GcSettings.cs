using System.Globalization;
using System.Runtime;

namespace LeadBot.Bench;

/// <summary>The garbage collector's settings the benchmark ran with, printed with its results.</summary>
internal static class GcSettings
{
    /// <summary>What the runtime gives without DOTNET_GCgen0size on a machine that reports no CPU cache sizes.</summary>
    private const long DefaultMaxBudget = 6 * 1024 * 1024;

    public static string Describe()
    {
        var gen0 = GC.GetConfigurationVariables().TryGetValue("GCGen0MaxBudget", out var v) ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : 0;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, gen0 budget up to {gen0 / 1048576.0:N0} MB");
        return gen0 > DefaultMaxBudget ? line
            : line + " (DOTNET_GCgen0size unset: `dotnet run --project bot` sets 0x4000000; without it this measures a slower bot, see docs/benchmarks.md)";
    }
}
