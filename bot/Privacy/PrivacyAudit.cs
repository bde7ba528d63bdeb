using LeadBot.Storage;

namespace LeadBot.Privacy;

/// <summary>One erasure as the audit keeps it: who asked, when, why and how much changed; no lead id, no personal value.</summary>
public sealed record ErasureAuditEntry(
    DateTimeOffset At, string By, string Why, int Leads, int Events, int Comments, int MessagesDropped, int MessagesRewritten, int CardsQueued);

/// <summary>The erasure audit, kept in the store beside the leads (so every instance writes to the same one) and logged.</summary>
public sealed class PrivacyAudit(ILeadStore store)
{
    public const string Bag = "privacy-audit";

    public void Record(ErasureRequest request, ErasureReport report)
    {
        var entry = new ErasureAuditEntry(report.At, request.By, request.Why, report.Leads.Count, report.Events, report.Comments,
            report.MessagesDropped, report.MessagesRewritten, report.CardsQueued);
        // Fixed-width ticks keep the keys in time order; the guid part keeps two erasures in one tick apart.
        store.Put(Bag, $"{report.At.UtcTicks:D19}|{Guid.NewGuid():N}", entry);
    }

    public IReadOnlyList<ErasureAuditEntry> Latest(int max) =>
        [.. store.List<ErasureAuditEntry>(Bag).OrderByDescending(e => e.At).Take(max)];
}
