namespace LeadBot.Health;

/// <summary>
/// The garbage collector's gen0 allowance, checked once at start. .NET derives it from the CPU cache the machine reports;
/// virtual machines that report none get a collection every ~2 MB allocated, and LiteDB allocates ~200 KB per new lead
/// (index nodes it reads), so intake then spends a third of its time paused (docs/benchmarks.md). The setting can only
/// come from the environment, which `dotnet run --project bot` sets from launchSettings.json; a deployment started
/// another way is told here.
/// </summary>
public static class CollectorSetting
{
    public const string Variable = "DOTNET_GCgen0size", Recommended = "0x4000000";

    /// <summary>The most the runtime lets gen0 grow to without the variable (workstation GC, background collections on).</summary>
    private const long RuntimeDefault = 6 * 1024 * 1024;

    /// <summary>What to tell the admin about this allowance; null when it is large enough.</summary>
    public static string? Advice(long gen0MaxBudget) => gen0MaxBudget > RuntimeDefault
        ? null
        : $"The garbage collector lets gen0 grow to {gen0MaxBudget / 1048576.0:0.#} MB at most: intake in batches runs about a third slower than with {Variable}={Recommended} (64 MB), which `dotnet run --project bot` sets. Set that environment variable where this bot is started.";

    public static long CurrentGen0MaxBudget() =>
        GC.GetConfigurationVariables().TryGetValue("GCGen0MaxBudget", out var v) && v is IConvertible c ? c.ToInt64(null) : 0;

    public static void WarnIfSmall(WebApplication app)
    {
        if (Advice(CurrentGen0MaxBudget()) is { } advice) app.Logger.LogWarning("{Advice}", advice);
    }
}
