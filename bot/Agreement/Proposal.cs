namespace LeadBot.Agreement;

/// <summary>A change someone (or the review) asked both sides to approve. Never changed once stored; its decision is a document of its own.</summary>
public sealed record Proposal
{
    public required string Id { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>Email of the person who proposed it, or "review" for the weekly review.</summary>
    public required string By { get; init; }
    public required string ByName { get; init; }
    public required ProposedChange Change { get; init; }
    /// <summary>The change in words against the version it was proposed on ("remove Retail from industries").</summary>
    public required string Summary { get; init; }
    /// <summary>What the change would have done to recent leads, in words; null when it changes no criterion.</summary>
    public string? Effect { get; init; }
    /// <summary>Said aloud when the change would have excluded leads that were won.</summary>
    public string? Warning { get; init; }
    public string? Comment { get; init; }
    public required int BaseVersion { get; init; }
}

/// <summary>One person's yes. <see cref="Sales"/>: they approved as a sales manager; <see cref="Marketing"/>: as a member of the marketing roster.</summary>
public sealed record ProposalApproval(string ProposalId, string By, string ByName, bool Sales, bool Marketing, DateTimeOffset At, string? Comment);

/// <summary>Where a proposal stands, as the API and the cards show it.</summary>
public sealed record ProposalState(Proposal Proposal, string Status, IReadOnlyList<ProposalApproval> Approvals, ProposalDecision? Decision)
{
    public bool SalesApproved => Approvals.Any(a => a.Sales);
    public bool MarketingApproved => Approvals.Any(a => a.Marketing);

    /// <summary>
    /// Both sides: a sales manager and a marketing roster member, two different people (one person holding both roles
    /// cannot approve for both sides).
    /// </summary>
    public bool BothSides => Approvals.Any(s => s.Sales && Approvals.Any(m => m.Marketing && !string.Equals(m.By, s.By, StringComparison.OrdinalIgnoreCase)));

    /// <summary>What the proposal still waits for, in words; null once decided.</summary>
    public string? Waiting => Status != ProposalStatus.Pending ? null
        : (SalesApproved, MarketingApproved) switch
        {
            (false, false) => "a sales manager's and a marketer's approval",
            (true, false) => "a marketer's approval",
            (false, true) => "a sales manager's approval",
            _ => "a second person's approval (one person cannot approve for both sides)",
        };
}
