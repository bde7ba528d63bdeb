namespace LeadBot.Cards;

/// <summary>Lead counts per lifecycle stage for a period. Zero means "none", not "unknown".</summary>
public sealed record StageCounts(
    int Qualified = 0, int Offered = 0, int Accepted = 0, int Contacted = 0, int Meeting = 0, int Opportunity = 0,
    int Won = 0, int Lost = 0, int Rejected = 0, int Expired = 0, int Nurture = 0)
{
    /// <summary>Stages in funnel order with display labels, so both card formats list them the same way.</summary>
    public IReadOnlyList<(string Stage, string Label, int Count)> InOrder =>
    [
        ("qualified", "Qualified", Qualified), ("offered", "Offered", Offered), ("accepted", "Accepted", Accepted),
        ("contacted", "Contacted", Contacted), ("meeting", "Meeting", Meeting), ("opportunity", "Opportunity", Opportunity),
        ("won", "Won", Won), ("lost", "Lost", Lost), ("rejected", "Rejected", Rejected), ("expired", "Expired", Expired),
        ("nurture", "Nurture", Nurture),
    ];
}

/// <summary>A lead still waiting for a rep right now. <paramref name="Label"/> is data (usually company or contact name).</summary>
public sealed record WaitingLead(string LeadId, string Label, TimeSpan Age, string? TeamName = null, bool SlaBreached = false);

/// <summary>Open leads of one rep against the capacity routing allows them (null capacity = unlimited).</summary>
public sealed record RepLoad(string Name, int Open, int? Capacity);

/// <summary>Pipeline status for one team or all teams over a period.</summary>
public sealed record PipelineView(
    string TeamName,
    string PeriodLabel,
    StageCounts Stages,
    DateTimeOffset Now,
    IReadOnlyList<WaitingLead>? Waiting = null,
    int SlaBreaches = 0,
    TimeSpan? SpeedToLeadMedian = null,
    TimeSpan? SpeedToLeadP90 = null,
    double? AcceptanceRate = null,
    IReadOnlyList<RepLoad>? Load = null,
    IReadOnlyList<string>? UnmatchedRepWarnings = null,
    int FailedDeliveries = 0,
    string? ChartImageUrl = null,
    string? ChartAltText = null)
{
    public const string AllTeams = "All teams";
}

/// <summary>Handoff results for one source (and optionally campaign). Rates are 0..1.</summary>
public sealed record FeedbackRow(
    string Source, string? Campaign, int Offered, int Accepted, int Rejected, double? AcceptanceRate, int Opportunities, int Won);

/// <summary>How often a rejection reason code (see <see cref="RejectionReasons"/>) was given.</summary>
public sealed record ReasonCount(string ReasonCode, int Count);

/// <summary>A rep's rejection comment, shown to marketing as written (it is data).</summary>
public sealed record FeedbackComment(string Who, string ReasonCode, string Comment, DateTimeOffset At, string? LeadLabel = null);

/// <summary>Marketing feedback: how sales received the leads of a scope (all, a source or a campaign) over a period.</summary>
public sealed record FeedbackView(
    string ScopeLabel,
    string PeriodLabel,
    DateTimeOffset Now,
    IReadOnlyList<FeedbackRow> Rows,
    IReadOnlyList<ReasonCount>? Reasons = null,
    IReadOnlyList<FeedbackComment>? LatestComments = null,
    string? ChartImageUrl = null,
    string? ChartAltText = null);
