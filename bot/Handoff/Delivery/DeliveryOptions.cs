using Microsoft.Extensions.Options;

namespace LeadBot.Handoff.Delivery;

/// <summary>How the outbox dispatcher sends, retries and gives up. Pacing per conversation is the channel clients' job.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Off only for tests that drive a channel by hand.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Failed sends (errors, not throttling) before a message is parked as failed.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>Messages being sent at once, over all destinations.</summary>
    public int MaxInFlight { get; set; } = 32;
    /// <summary>Messages being sent at once to one destination (a team channel, a rep's DM): enough to keep its pacer busy, few enough that other destinations are not starved.</summary>
    public int PerDestination { get; set; } = 4;
    /// <summary>Messages taken from the store and held in memory, waiting for a free slot. Destinations holding nothing may take up to MaxInFlight more, so busy ones cannot hold up a quiet one.</summary>
    public int Prefetch { get; set; } = 256;
    /// <summary>Messages held for one destination; more stay in the store so a burst for one team cannot hold up the others.</summary>
    public int HoldPerDestination { get; set; } = 48;
    /// <summary>How long a taken message is reserved for this process; after a crash it is sent again once this has passed.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>How often the dispatcher tells the store it is alive (and takes back the leases of dispatchers that are not).</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>
    /// PostgreSQL: a dispatcher whose last heartbeat is older than this is gone, and its leased messages are sent by the
    /// others. LiteDB needs no wait: one process owns the file and takes back every lease when it starts.
    /// </summary>
    public TimeSpan DeadAfter { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How often the store is checked when nothing wakes the dispatcher (retries coming due, other instances' messages).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>How soon a message nobody is subscribed to is looked at again.</summary>
    public TimeSpan NoDestinationRecheck { get; set; } = TimeSpan.FromMinutes(1);
}

internal sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions o)
    {
        var errors = new List<string>();
        void AtLeast(int value, int min, string key) { if (value < min) errors.Add($"Delivery:{key} must be at least {min} (was {value})."); }
        void Positive(TimeSpan value, string key) { if (value <= TimeSpan.Zero) errors.Add($"Delivery:{key} must be a positive time span (was {value})."); }
        AtLeast(o.MaxAttempts, 1, nameof(o.MaxAttempts));
        AtLeast(o.MaxInFlight, 1, nameof(o.MaxInFlight));
        AtLeast(o.PerDestination, 1, nameof(o.PerDestination));
        AtLeast(o.Prefetch, o.MaxInFlight, nameof(o.Prefetch));
        AtLeast(o.HoldPerDestination, o.PerDestination, nameof(o.HoldPerDestination));
        Positive(o.Lease, nameof(o.Lease));
        Positive(o.PollInterval, nameof(o.PollInterval));
        Positive(o.FirstRetry, nameof(o.FirstRetry));
        Positive(o.NoDestinationRecheck, nameof(o.NoDestinationRecheck));
        Positive(o.Heartbeat, nameof(o.Heartbeat));
        if (o.DeadAfter < 2 * o.Heartbeat)
            errors.Add($"Delivery:DeadAfter ({o.DeadAfter}) must be at least twice Delivery:Heartbeat ({o.Heartbeat}): one late beat must not make a live dispatcher look gone.");
        if (o.MaxRetryDelay < o.FirstRetry) errors.Add("Delivery:MaxRetryDelay must not be shorter than Delivery:FirstRetry.");
        if (o.Lease < TimeSpan.FromSeconds(1)) errors.Add("Delivery:Lease must be at least one second: a send must finish within it.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
