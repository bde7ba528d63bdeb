namespace LeadBot.Intake;

public sealed class IntakeOptions
{
    public const string Section = "Intake";
    public const int MaxBodyBytes = 1024 * 1024;
    public const int MaxBatch = 1000;

    // The keys of Intake:ApiKeys (with their scopes) are read by LeadBot.Access.ApiKeyOptions: every surface uses them.
}
