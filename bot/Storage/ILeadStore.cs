using LeadBot.Leads;

namespace LeadBot.Storage;

/// <summary>
/// The store the domain needs, as one object: its leads and their histories, the outbox, the report aggregates and the
/// keyed documents, each a small interface of its own so a class that needs one concern says so (and a reader sees which).
/// Two implementations (LiteDB, PostgreSQL) share one contract test suite, so anything that must be atomic is expressed
/// as one call, never as read-then-write by a caller.
/// </summary>
public interface ILeadStore : ILeadRecords, IOutboxStore, IReportAggregates, IDocumentBags
{
    /// <summary>The layout version the store has been migrated to.</summary>
    int SchemaVersion { get; }

    /// <summary>
    /// Runs several store calls as one unit where the store gains from it (LiteDB: one file open, one transaction).
    /// A performance scope only: correctness still comes from the conditional writes, and <paramref name="work"/> must be synchronous.
    /// LiteDB commits concurrent callers' work together, so work may run on another caller's thread and, when a neighbour
    /// in its group fails, run again: it must affect nothing but the store and its own result.
    /// </summary>
    /// <param name="reads">The lead the work reads first, when the caller knows it: LiteDB reads those of a whole group at once.</param>
    T RunTogether<T>(Func<T> work, string? reads = null);

    /// <summary>
    /// Runs <paramref name="work"/> for this caller's <paramref name="input"/>, where the store gains from it together with
    /// other callers' inputs of the same <paramref name="kind"/> queued at the same moment, in one call (LiteDB: within one
    /// group commit). So <paramref name="work"/> must answer each input as it would alone, in order, one result each, and
    /// obey <see cref="RunTogether{T}"/>'s rules; if it fails, each input is run again alone, so only its own caller sees
    /// the error.
    /// </summary>
    TOut RunBatched<TIn, TOut>(string kind, TIn input, Func<IReadOnlyList<TIn>, IReadOnlyList<TOut>> work);

    /// <summary>Null when the store answers; otherwise what is wrong, for /healthz.</summary>
    string? Probe();
}

public sealed record WaitingCounts(int Total, int OfferedBefore);

public sealed record LeadChange(Lead Lead, IReadOnlyList<LeadEvent> Events, IReadOnlyList<OutboxMessage>? Outbox = null);

public sealed record InsertResult(Lead Lead, bool Inserted);

public sealed record LeadPage(IReadOnlyList<Lead> Leads, string? Next);

public sealed record LeadQuery
{
    public string? Team { get; init; }
    public string? Owner { get; init; }
    public string? OfferedTo { get; init; }
    public IReadOnlyList<LeadState>? States { get; init; }
    public DateTimeOffset? ReceivedFrom { get; init; }
    public DateTimeOffset? ReceivedTo { get; init; }
    public int Limit { get; init; } = 500;
}
