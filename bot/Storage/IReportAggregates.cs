using LeadBot.Leads;

namespace LeadBot.Storage;

/// <summary>
/// Aggregates for reports. Insert, TryUpdate and Append keep them in the same transaction as the events they write,
/// deriving every bump from those events with Aggregates.From and Aggregates.CommentOf (never anywhere else), and the
/// layout migration folds leads stored before aggregates existed into them. Reports never scan leads.
/// </summary>
public interface IReportAggregates
{
    /// <summary>
    /// Counters summed over [<paramref name="from"/>, <paramref name="to"/>), widened to whole UTC hours, one row per
    /// (team, source, campaign, metric) with a non-zero total. <paramref name="team"/> null means every team (and no team)
    /// summed together: each row then has an empty Team, as reports over all teams never split them.
    /// The cost must depend on the length of the range and the number of distinct dimensions, not on the number of leads.
    /// </summary>
    IReadOnlyList<CounterTotal> CounterTotals(DateTimeOffset from, DateTimeOffset to, string? team = null);

    /// <summary>The newest comments written in the query's range that match its filters, newest first, at most Max.</summary>
    IReadOnlyList<LeadComment> LatestComments(CommentQuery query);

    /// <summary>Leads waiting for a rep right now (offered or expired), oldest offer first, at most <paramref name="max"/>; by index, stopping at max.</summary>
    IReadOnlyList<Lead> Waiting(string? team, int max);

    /// <summary>How many leads are waiting now, and how many of them were offered before <paramref name="offeredBefore"/> (service-level breaches), without reading them.</summary>
    WaitingCounts CountWaiting(string? team, DateTimeOffset offeredBefore);
}
