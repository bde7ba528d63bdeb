namespace LeadBot.Storage;

/// <summary>
/// Something the bot must send, written in the same transaction as the state change that causes it.
/// The id is the idempotency key (kind + lead + audience): enqueueing the same id twice sends once,
/// except for card updates, which coalesce: the newest enqueue resets the message so the latest state is rendered.
/// </summary>
public sealed record OutboxMessage
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public string? LeadId { get; init; }
    /// <summary>Who receives it: "team:EMEA", "rep:alice@contoso.com", "marketing", or a concrete conversation.</summary>
    public required string Audience { get; init; }
    public string? Payload { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public OutboxStatus Status { get; init; } = OutboxStatus.Pending;
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    public string? LeaseOwner { get; init; }
    public DateTimeOffset? LeaseUntil { get; init; }
    public DateTimeOffset? SentAt { get; init; }

    public static class Kinds
    {
        public const string Announce = "announce";
        public const string CardUpdate = "card-update";
        public const string Offer = "offer";
        /// <summary>The owner's card with the contact details, to the rep who accepted the lead.</summary>
        public const string Claimed = "claimed";
        public const string Rejected = "rejected";
        public const string Escalate = "escalate";
        public const string Reminder = "reminder";
        public const string Digest = "digest";
        /// <summary>A proposed change of the agreement, to a team's managers or to marketing; the payload is the proposal id.</summary>
        public const string Proposal = "proposal";
        /// <summary>Redraws every posted copy of a proposal (payload: its id) after an approval, a decline or the apply.</summary>
        public const string ProposalUpdate = "proposal-update";
    }

    /// <summary>Kinds whose later enqueue replaces an earlier pending one instead of being ignored.</summary>
    public bool Coalesces => Kind is Kinds.CardUpdate or Kinds.ProposalUpdate;
}

public enum OutboxStatus { Pending, Sent, Failed }

public sealed record OutboxStats(int Pending, int Failed, int Sent, DateTimeOffset? OldestPending);
