namespace LeadBot.Storage;

/// <summary>
/// How the messages a dead process had leased come back without waiting out their lease. Each dispatcher beats at start
/// and then every few seconds; a beat also gives back the leases of workers that are gone. A lease stays the backstop
/// for workers that never beat (an older version during an upgrade).
/// </summary>
public interface IOutboxLeases
{
    /// <summary>
    /// Records that <paramref name="worker"/> is alive at <paramref name="now"/> and releases (due at once, no attempt
    /// counted) the pending messages leased by workers that are not: on LiteDB, where one process owns the file, every
    /// lease but the caller's, the first time a worker beats; on PostgreSQL, those of workers whose last beat is older
    /// than <paramref name="deadAfter"/>. Returns how many messages were released.
    /// </summary>
    int Heartbeat(string worker, DateTimeOffset now, TimeSpan deadAfter);
}
