namespace LeadBot.Cards;

/// <summary>
/// Both sides' side of the deal over a period, per team: marketing's delivered leads and acceptance, sales' speed and
/// follow-through, each against what the agreement in force (<see cref="Version"/>) promises.
/// </summary>
public sealed record ScorecardView(
    string PeriodLabel, int Version, DateTimeOffset Now, double AcceptanceTarget, IReadOnlyList<TeamScore> Teams,
    string? ChartImageUrl = null, string? ChartAltText = null);

/// <param name="LeadsPromised">Marketing's leadsPerMonth, prorated to the period; null when no volume is agreed.</param>
/// <param name="ClaimedWithin">Share of claims within <paramref name="ClaimWithin"/>; null when nothing was claimed.</param>
/// <param name="FirstTouched">Share of leads accepted in the period whose first outcome came within <paramref name="FirstTouchWithin"/>.</param>
/// <param name="OutcomesReported">Share of leads accepted in the period with any outcome recorded.</param>
public sealed record TeamScore(
    string Team, int Delivered, int? LeadsPerMonth, int? LeadsPromised, int Accepted, int Rejected, int RejectedAgainstMarketing,
    double? AcceptanceRate, IReadOnlyList<ReasonCount> Rejections,
    TimeSpan ClaimWithin, double? ClaimedWithin, TimeSpan FirstTouchWithin, double? FirstTouched, double? OutcomesReported,
    IReadOnlyList<string> Missed);

/// <summary>A titled answer of sections of plain lines (the agreement in force, the criteria review): data, never markup.</summary>
public sealed record SectionsView(string Title, string Subtitle, IReadOnlyList<SectionView> Sections);

public sealed record SectionView(string Heading, IReadOnlyList<string> Lines);

/// <summary>
/// A proposed change of the agreement as both sides see it on the proposal card. <see cref="Status"/> is "pending",
/// "applied" or "declined"; the Approve / Decline buttons show only while it is pending.
/// </summary>
/// <param name="Waiting">What a pending proposal still needs, in words ("a marketer's approval").</param>
/// <param name="AppliedVersion">The agreement version an apply made.</param>
public sealed record ProposalView(
    string Id, string Status, string Summary, string? Effect, string? Warning, string ProposedBy, string? ProposerComment,
    DateTimeOffset ProposedAt, int BaseVersion, IReadOnlyList<ProposalVote> Approvals, string? Waiting,
    int? AppliedVersion, string? DeclinedBy, string? DeclineComment, DateTimeOffset? DecidedAt)
{
    public const string Pending = "pending", Applied = "applied", Declined = "declined";

    public bool IsPending => Status == Pending;
}

/// <summary>One approval on a proposal: who, for which side ("sales", "marketing"), when, and what they said.</summary>
public sealed record ProposalVote(string Name, string Side, DateTimeOffset At, string? Comment);
