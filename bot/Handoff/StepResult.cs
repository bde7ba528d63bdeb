using LeadBot.Leads;

namespace LeadBot.Handoff;

public enum StepStatus { Done, NotFound, Conflict, Forbidden, Invalid }

/// <summary>The answer to one lifecycle step, with a message fit to show the person who asked.</summary>
public sealed record StepResult(StepStatus Status, Lead? Lead, string Message)
{
    public bool Ok => Status == StepStatus.Done;
    public static StepResult Done(Lead lead, string message) => new(StepStatus.Done, lead, message);
    public static StepResult NotFound(string id) => new(StepStatus.NotFound, null, $"There is no lead {id}.");
    public static StepResult Conflict(Lead lead, string message) => new(StepStatus.Conflict, lead, message);
    public static StepResult Forbidden(Lead? lead, string message) => new(StepStatus.Forbidden, lead, message);
    public static StepResult Invalid(Lead? lead, string message) => new(StepStatus.Invalid, lead, message);
}
