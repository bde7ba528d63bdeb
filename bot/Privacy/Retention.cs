using LeadBot.Leads;
using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Privacy;

/// <summary>What one retention run erased.</summary>
public sealed record RetentionRun(DateTimeOffset At, int ClosedErased, int OpenErased);

/// <summary>
/// Erases leads past their retention period with the same rules as a request (<see cref="Eraser"/>). Closed leads age
/// from their last change (the moment they closed); leads nobody worked age from their arrival, since re-offers and
/// escalations keep changing them. Leads being worked (accepted … opportunity) are never erased by age: close them first.
/// </summary>
public sealed class Retention(ILeadStore store, Eraser eraser, IOptionsMonitor<PrivacyOptions> options, TimeProvider clock)
{
    public static readonly IReadOnlyList<LeadState> Closed =
        [LeadState.Won, LeadState.Lost, LeadState.Disqualified, LeadState.Rejected, LeadState.Nurture];

    public static readonly IReadOnlyList<LeadState> Unworked =
        [LeadState.Received, LeadState.Qualified, LeadState.Offered, LeadState.Expired];

    /// <summary>Leads erased per store call: one outbox pass each (see <see cref="IPersonalDataStore.Erase"/>).</summary>
    internal const int Batch = 200;

    /// <param name="asOf">The moment ages are measured at: the schedule's slot, so a run that starts late erases the same leads.</param>
    public RetentionRun Run(DateTimeOffset? asOf = null)
    {
        var now = asOf ?? clock.GetUtcNow();
        var o = options.CurrentValue;
        var closed = o.EraseClosedLeadsAfter is { } c ? EraseOlder(Closed, l => l.UpdatedAt, now - c, $"retention: closed leads after {Days(c)}") : 0;
        var open = o.EraseOpenLeadsAfter is { } u ? EraseOlder(Unworked, l => l.ReceivedAt, now - u, $"retention: leads nobody worked after {Days(u)}") : 0;
        return new RetentionRun(now, closed, open);
    }

    private int EraseOlder(IReadOnlyList<LeadState> states, Func<Lead, DateTimeOffset> age, DateTimeOffset cutoff, string why)
    {
        var erased = 0;
        var request = new ErasureRequest("retention", why, LeadEvent.Channels.System);
        foreach (var state in states)
        {
            var due = new List<Lead>();
            string? after = null;
            do
            {
                var page = store.ScanLeads(state, after, Batch);
                due.AddRange(page.Leads.Where(l => l.ErasedAt is null && age(l) <= cutoff));
                after = page.Next;
                // Erase as the scan goes, so a store of old leads never holds them all in memory at once.
                while (due.Count >= Batch || (after is null && due.Count > 0))
                {
                    var batch = due.Take(Batch).ToList();
                    due.RemoveRange(0, batch.Count);
                    erased += eraser.Erase(batch, request).Leads.Count;
                }
            } while (after is not null);
        }
        return erased;
    }

    internal static string Days(TimeSpan t) => t.TotalDays == Math.Floor(t.TotalDays) ? $"{t.TotalDays:0} days" : t.ToString();
}
