using LeadBot.Cards;
using LeadBot.Leads;

namespace LeadBot.Storage;

/// <summary>One counter bump: <paramref name="Metric"/> for the UTC hour starting at <paramref name="Hour"/>.</summary>
public sealed record CounterIncrement(DateTime Hour, string Team, string Source, string Campaign, string Metric, int By = 1);

/// <summary>A counter summed over a time range. Empty <see cref="Team"/> / <see cref="Campaign"/> mean "none" (nurture leads have no team).</summary>
public sealed record CounterTotal(string Team, string Source, string Campaign, string Metric, long Value);

/// <summary>A comment someone wrote on a lead (a rejection, an outcome), kept with the lead's dimensions so it is found without a join.</summary>
public sealed record LeadComment(
    string LeadId, DateTimeOffset At, string Type, string? Who, string? Reason, string Comment,
    string Team, string Source, string Campaign, string LeadLabel);

/// <summary>Filters are exact (case-insensitive) matches; null means any.</summary>
public sealed record CommentQuery(DateTimeOffset From, DateTimeOffset To, string? Team = null, string? Source = null, string? Campaign = null, int Max = 10);

/// <summary>
/// The one place that turns lead events into aggregate bumps. Every store calls <see cref="From"/> and
/// <see cref="CommentOf"/> for the events it writes, inside the transaction that writes them, so reports read counters
/// instead of scanning leads, and the LiteDB and PostgreSQL stores cannot count differently.
/// </summary>
public static class Aggregates
{
    public static class Metrics
    {
        public const string Received = "received";
        public const string Nurture = "nurture";
        public const string Qualified = "qualified";
        /// <summary>First offer of a lead; a re-offer after a rejection or expiry counts as <see cref="Reoffered"/>.</summary>
        public const string Offered = "offered";
        public const string Reoffered = "reoffered";
        public const string Accepted = "accepted";
        public const string Rejected = "rejected";
        public const string Expired = "expired";
        public const string Escalated = "escalated";
        // The outcomes count under their own names (stored: they can never change).
        public const string Contacted = Outcomes.Contacted;
        public const string Meeting = Outcomes.Meeting;
        public const string Opportunity = Outcomes.Opportunity;
        public const string Won = Outcomes.Won;
        public const string Lost = Outcomes.Lost;
        public const string Disqualified = Outcomes.Disqualified;
        /// <summary>Followed by a rejection reason code: "reason:no-budget".</summary>
        public const string ReasonPrefix = "reason:";
        /// <summary>Followed by a two-digit index into <see cref="ClaimBucketBounds"/>: "claim:04".</summary>
        public const string ClaimPrefix = "claim:";

        public static string Reason(string code) => ReasonPrefix + code;
        public static string Claim(int bucket) => ClaimPrefix + bucket.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Upper bounds of the time-to-claim histogram buckets (the last one is open). Fixed forever: changing them would
    /// mix incompatible histograms, so a new layout needs new metric names. Fine where the service level lives (minutes).
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> ClaimBucketBounds =
    [
        .. new[] { 30, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200, 10800, 14400, 21600, 28800, 43200, 86400, 172800, 345600, 604800 }
            .Select(s => TimeSpan.FromSeconds(s)),
        TimeSpan.MaxValue,
    ];

    /// <summary>The stages a worked lead passes through, in order: reporting "won" straight after "accepted" also counts the steps between.</summary>
    private static readonly string[] Worked = [Metrics.Accepted, Metrics.Contacted, Metrics.Meeting, Metrics.Opportunity, Metrics.Won];

    private static readonly HashSet<string> FirstOfferFrom = [LeadState.Qualified.Name(), LeadState.Nurture.Name(), LeadState.Received.Name()];

    /// <summary>The counter bumps one event causes, with the lead's dimensions as they are after the change.</summary>
    public static IEnumerable<CounterIncrement> From(Lead lead, LeadEvent e)
    {
        var hour = HourOf(e.At);
        CounterIncrement Bump(string metric) => new(hour, TeamOf(lead), SourceOf(lead), CampaignOf(lead), metric);
        switch (e.Type)
        {
            case "received" or "nurture" or "qualified" or "expired" or "escalated" or "lost" or "disqualified":
                yield return Bump(e.Type);
                break;
            case "offered":
                yield return Bump(e.From is null || FirstOfferFrom.Contains(e.From) ? Metrics.Offered : Metrics.Reoffered);
                break;
            case "rejected":
                yield return Bump(Metrics.Rejected);
                yield return Bump(Metrics.Reason(string.IsNullOrWhiteSpace(e.Reason) ? "other" : e.Reason.Trim()));
                break;
            case var t when Array.IndexOf(Worked, t) is var to and >= 0:
                var from = Array.IndexOf(Worked, e.From);
                for (var i = from + 1; i <= to; i++) yield return Bump(Worked[i]);
                if (t == Metrics.Accepted) yield return Bump(Metrics.Claim(ClaimBucket(e.At - (lead.OfferedAt ?? lead.ReceivedAt))));
                break;
        }
    }

    /// <summary>The comment an event carries, if any, as marketing will read it.</summary>
    public static LeadComment? CommentOf(Lead lead, LeadEvent e) => string.IsNullOrWhiteSpace(e.Comment)
        ? null
        : new LeadComment(e.LeadId, e.At, e.Type, e.Actor, e.Reason, e.Comment, TeamOf(lead), SourceOf(lead), CampaignOf(lead),
            lead.Company?.Name is { Length: > 0 } company ? company : lead.DisplayName);

    public static int ClaimBucket(TimeSpan timeToClaim)
    {
        for (var i = 0; i < ClaimBucketBounds.Count; i++)
        {
            if (timeToClaim < ClaimBucketBounds[i]) return i;
        }
        return ClaimBucketBounds.Count - 1;
    }

    public static DateTime HourOf(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc);
    }

    public static string TeamOf(Lead lead) => lead.Team?.Trim() ?? "";
    /// <summary>Sources are compared case-insensitively everywhere (see <see cref="Lead.KeyOf"/>), so they are counted lower-case.</summary>
    public static string SourceOf(Lead lead) => lead.Source.Trim().ToLowerInvariant();
    public static string CampaignOf(Lead lead) => lead.Campaign?.Trim() ?? "";

    /// <summary>Sums increments per (hour, team, source, campaign) so a store writes each counter row once per transaction.</summary>
    public static IEnumerable<(DateTime Hour, string Team, string Source, string Campaign, Dictionary<string, int> Counts)> Group(IEnumerable<CounterIncrement> increments) =>
        increments.GroupBy(i => (i.Hour, i.Team, i.Source, i.Campaign))
            .Select(g => (g.Key.Hour, g.Key.Team, g.Key.Source, g.Key.Campaign,
                g.GroupBy(i => i.Metric).ToDictionary(m => m.Key, m => m.Sum(i => i.By))));
}
