namespace LeadBot.Storage.Postgres;

public sealed partial class PostgresLeadStore : IOutboxLeases
{
    /// <remarks>
    /// Only workers that have beaten at least once are judged by their beat: a worker missing from the table (an older
    /// version during an upgrade) keeps its lease until the lease runs out. Rows of workers silent for a day are dropped.
    /// </remarks>
    public int Heartbeat(string worker, DateTimeOffset now, TimeSpan deadAfter) => Write(c =>
    {
        c.Execute("""
            INSERT INTO outbox_workers (worker, beat_at) VALUES (@worker, @now)
            ON CONFLICT (worker) DO UPDATE SET beat_at = excluded.beat_at
            """, ("worker", worker), ("now", now.ToUniversalTime()));
        var released = c.Query("""
            UPDATE outbox o SET lease_owner = NULL, lease_until = NULL,
                                json = (o.json::jsonb - 'leaseOwner' - 'leaseUntil')::json
            FROM outbox_workers w
            WHERE o.status = 'Pending' AND o.lease_owner = w.worker AND o.lease_until > @now
              AND w.worker <> @worker AND w.beat_at < @dead
            RETURNING o.id
            """, ("worker", worker), ("now", now.ToUniversalTime()), ("dead", (now - deadAfter).ToUniversalTime())).Count;
        c.Execute("DELETE FROM outbox_workers WHERE beat_at < @forgotten", ("forgotten", (now - TimeSpan.FromDays(1)).ToUniversalTime()));
        return released;
    });
}
