using LeadBot.Leads;

namespace LeadBot.Storage;

/// <summary>
/// What erasure and subject access need from a store, beside <see cref="ILeadStore"/>. Both stores implement it and run
/// the same contract tests (tests/Storage/StoreContractTests.Privacy.cs). What to erase is decided in LeadBot.Privacy;
/// the store only rewrites what it holds, in one transaction per lead.
/// </summary>
public interface IPersonalDataStore
{
    /// <summary>
    /// Leads whose email is <paramref name="email"/> (trimmed, case-insensitive), erased ones excluded. Emails are not
    /// indexed (an index would cost every intake a write for a rare request), so this reads every lead: seconds at a
    /// million leads, acceptable for a request a data-protection officer makes a few times a year.
    /// </summary>
    IReadOnlyList<Lead> FindByEmail(string email);

    /// <summary>
    /// Applies each erasure whose lead still has <c>Lead.Version - 1</c>, all in one transaction: writes the erased lead
    /// (its key given up, see <see cref="Lead.Key"/>), replaces its whole history, rewrites its report comments, drops its
    /// pending and parked outbox messages, scrubs the payloads of its sent ones and of any other message that quotes the
    /// person, and enqueues <see cref="Erasure.Outbox"/>. Counters and gauges are left as they are, so reports count the
    /// same before and after. The outbox is read once per call (messages are not indexed by lead), so erase many leads
    /// in one call. One answer per erasure, in order: null when somebody changed that lead first (nothing of it written;
    /// re-read and decide again).
    /// </summary>
    /// <param name="redactor">Every value of the people erased, for the text they may be quoted in.</param>
    IReadOnlyList<ErasedCounts?> Erase(IReadOnlyList<Erasure> erasures, Redactor redactor);

    /// <summary>
    /// Makes erased values unrecoverable from the store's files: LiteDB rebuilds its file (the old pages, and the
    /// backup LiteDB keeps, hold them until then); PostgreSQL runs VACUUM FULL on the tables that held them.
    /// Blocks the store while it runs; see docs/privacy.md for when it runs.
    /// </summary>
    void Compact();
}

/// <param name="Lead">The erased copy, with <c>Version</c> one above the stored one.</param>
/// <param name="History">The lead's whole history as it must read now; replaces every stored step.</param>
/// <param name="Outbox">Messages to enqueue with the erasure (the card update, webhooks).</param>
public sealed record Erasure(Lead Lead, IReadOnlyList<LeadEvent> History, IReadOnlyList<OutboxMessage> Outbox);

/// <summary>What a store rewrote for one erased lead.</summary>
public sealed record ErasedCounts(int Events, int Comments, int MessagesDropped, int MessagesRewritten);
