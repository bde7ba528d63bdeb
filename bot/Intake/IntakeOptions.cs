namespace LeadBot.Intake;

public sealed class IntakeOptions
{
    public const string Section = "Intake";
    public const int MaxBodyBytes = 1024 * 1024;
    public const int MaxBatch = 1000;

    /// <summary>Keys accepted in the X-Api-Key header. None configured: intake is open to loopback callers only.</summary>
    public List<string> ApiKeys { get; set; } = [];
}
