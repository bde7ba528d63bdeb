using System.Globalization;
using System.Runtime;
using LeadBot.Health;

namespace LeadBot.Bench;

/// <summary>The garbage collector's settings the benchmark ran with, printed with its results.</summary>
internal static class GcSettings
{
    public static string Describe()
    {
        var gen0 = CollectorSetting.CurrentGen0MaxBudget();
        var line = string.Create(CultureInfo.InvariantCulture,
            $"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, gen0 up to {gen0 / 1048576.0:N0} MB");
        // The bot runs in this process: without the variable this measures a slower bot than `dotnet run --project bot` starts.
        return CollectorSetting.Advice(gen0) is { } advice ? line + Environment.NewLine + "  " + advice : line;
    }
}
