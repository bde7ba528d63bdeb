using LeadBot.Qualification;

namespace LeadBot.Agreement;

/// <summary>
/// One version of the marketing–sales agreement: the criteria a lead must meet, and what each side promised per team.
/// Versions are never changed once written; a change is a new version, made by an approved proposal.
/// </summary>
public sealed record AgreementVersion
{
    public required int Version { get; init; }
    public required QualificationRules Rules { get; init; }
    public IReadOnlyList<TeamCommitment> Teams { get; init; } = [];
    /// <summary>The people whose approval made this version (empty for version 1, which came from configuration).</summary>
    public IReadOnlyList<string> ApprovedBy { get; init; } = [];
    public required DateTimeOffset ApprovedAt { get; init; }
    /// <summary>What changed from the version before, in words.</summary>
    public required string Change { get; init; }
    public string? ProposalId { get; init; }

    public string Label => $"agreement v{Version}";

    public TeamCommitment? Team(string? name) =>
        name is null ? null : Teams.FirstOrDefault(t => string.Equals(t.Team, name.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Both sides' word for one team: sales claims an offered lead within <paramref name="ClaimWithin"/> and reports a
/// first touch within <paramref name="FirstTouchWithin"/> (today's Sla settings); marketing delivers
/// <paramref name="LeadsPerMonth"/> qualified leads (null: no volume promised).
/// </summary>
public sealed record TeamCommitment(string Team, TimeSpan ClaimWithin, TimeSpan FirstTouchWithin, int? LeadsPerMonth);

/// <summary>The document that closes a proposal: applied (with the version it made) or declined (with why).</summary>
public sealed record ProposalDecision(string ProposalId, string Status, string By, DateTimeOffset At, string? Comment, int? Version);

public static class ProposalStatus
{
    public const string Pending = "pending", Applied = "applied", Declined = "declined";
}
