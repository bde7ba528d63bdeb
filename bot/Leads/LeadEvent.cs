namespace LeadBot.Leads;

/// <summary>One append-only step in a lead's history: who did what, when, through which channel and why.</summary>
public sealed record LeadEvent
{
    public required string LeadId { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>The state the lead moved to, or an event word that is not a transition ("updated", "escalated", "reminded").</summary>
    public required string Type { get; init; }
    public string? From { get; init; }
    public string? Actor { get; init; }
    public string Channel { get; init; } = Channels.System;
    public string? Reason { get; init; }
    public string? Comment { get; init; }
    public IReadOnlyList<string>? Details { get; init; }

    public static class Channels
    {
        public const string Api = "api";
        public const string Teams = "teams";
        public const string Slack = "slack";
        public const string System = "system";
    }
}
