namespace LeadBot.Storage;

/// <summary>One keyed document of a bag (see <see cref="ILeadStore.Put{T}"/>), to be added only where nothing is yet.</summary>
public sealed record NewDocument(string Bag, string Key, object Value);

/// <summary>
/// Documents that are written once and never changed, several at a time: the agreement's versions and the decisions on
/// its proposals. Taking a key is the whole concurrency rule (two approvals that both complete a proposal, two instances
/// seeding version 1): whoever adds first wins, and the other learns it by the false answer and re-reads.
/// Both stores implement it beside their key-value bags, so these documents are read with <see cref="ILeadStore.Get{T}"/>
/// and <see cref="ILeadStore.List{T}(string)"/>.
/// </summary>
public interface IAtomicDocuments
{
    /// <summary>
    /// Adds every document, with the outbox messages, in one transaction; adds nothing and answers false when any of the
    /// keys is already taken.
    /// </summary>
    bool TryAddAll(IReadOnlyList<NewDocument> documents, IReadOnlyList<OutboxMessage>? outbox = null);
}
