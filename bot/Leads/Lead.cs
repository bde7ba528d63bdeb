namespace LeadBot.Leads;

public sealed record Company
{
    public string? Name { get; init; }
    public string? Domain { get; init; }
    public string? Industry { get; init; }
    public int? Employees { get; init; }
    public string? Country { get; init; }
    public string? Region { get; init; }
}

/// <summary>The person who owns a lead, as recorded at the moment of the claim (rosters change later).</summary>
public sealed record LeadOwner(string Email, string DisplayName);

/// <summary>
/// A lead as stored. Immutable: every change produces a new instance with <see cref="Version"/> + 1,
/// and the store only writes it if the stored version is still the one it was derived from.
/// </summary>
public sealed record Lead
{
    public required string Id { get; init; }
    public required string Source { get; init; }
    public required string ExternalId { get; init; }
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Title { get; init; }
    public string? Phone { get; init; }
    public Company? Company { get; init; }
    public int? Score { get; init; }
    public string? Campaign { get; init; }
    public DateTimeOffset? QualifiedAt { get; init; }
    public string? Notes { get; init; }
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public LeadState State { get; init; } = LeadState.Received;
    public int Version { get; init; }

    public IReadOnlyList<string> CriteriaMet { get; init; } = [];
    public IReadOnlyList<string> CriteriaFailed { get; init; } = [];
    /// <summary>The version of the marketing–sales agreement whose criteria the lead was last qualified against.</summary>
    public int? AgreementVersion { get; init; }
    public string? Team { get; init; }
    public string? RoutingReason { get; init; }

    /// <summary>Round-robin: the rep the lead is currently offered to; null when offered to the team channel.</summary>
    public string? OfferedTo { get; init; }
    public DateTimeOffset? OfferedAt { get; init; }
    public LeadOwner? Owner { get; init; }
    public DateTimeOffset? ClaimedAt { get; init; }
    /// <summary>Reps (by email) who rejected the lead; it is never offered to them again.</summary>
    public IReadOnlyList<string> RejectedBy { get; init; } = [];
    public string? RejectionReason { get; init; }
    public string? RejectionComment { get; init; }
    public decimal? Amount { get; init; }
    /// <summary>When the person's data was erased (LeadBot.Privacy); the lead stays for the counts, frozen.</summary>
    public DateTimeOffset? ErasedAt { get; init; }

    /// <summary>
    /// The de-duplication key. An erased lead gives its source+externalId up, so the same record posted again later is a
    /// new lead, never a resurrection of the erased one.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Key => ErasedAt is null ? KeyOf(Source, ExternalId) : ErasedKeyOf(Id);
    public string DisplayName =>
        string.Join(' ', new[] { FirstName, LastName }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } n
            ? n : Email ?? Phone ?? ExternalId;

    public static string KeyOf(string source, string externalId) =>
        source.Trim().ToLowerInvariant() + "\u001f" + externalId.Trim();

    /// <summary>Starts with the separator, which no trimmed, non-empty source does: it cannot meet a posted key.</summary>
    public static string ErasedKeyOf(string id) => "\u001ferased\u001f" + id;
}
