using Npgsql;

namespace LeadBot.Storage.Postgres;

public sealed partial class PostgresLeadStore
{
    /// <summary>Runs <paramref name="work"/> on a pooled connection, retried on a transient failure.</summary>
    private T Read<T>(Func<NpgsqlConnection, T> work) => WithRetries(() =>
    {
        EnsureSchema();
        using var c = _db.OpenConnection();
        return work(c);
    });

    /// <summary>
    /// One write statement on its own, committed by PostgreSQL as it runs: no BEGIN and COMMIT round trips around it, during
    /// which the rows it wrote would stay locked. For writes that are one statement and need no read before them.
    /// </summary>
    private T Statement<T>(Func<NpgsqlConnection, T> work) => Read(work);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed unless it throws; retried whole on a transient failure.
    /// Work that decides not to change anything (a failed version check) simply writes nothing before it returns.
    /// </summary>
    private T Write<T>(Func<NpgsqlConnection, T> work) => WithRetries(() =>
    {
        EnsureSchema();
        using var c = _db.OpenConnection();
        using var tx = c.BeginTransaction();
        var result = work(c);
        tx.Commit();
        return result;
    });

    /// <summary>
    /// Npgsql does not retry by itself. A dropped connection, a failover or a deadlock gets a few quick retries on a
    /// fresh connection; past those the exception reaches the caller (HTTP answers 503, /healthz reports it).
    /// A retried write is safe: every write is one transaction, and a repeat of one that did commit is recognised
    /// (an insert finds its key taken, a claim finds the version moved and re-reads).
    /// </summary>
    private T WithRetries<T>(Func<T> operation)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return operation();
            }
            catch (Exception e) when (PostgresFailures.IsTransient(e) && attempt < RetryDelays.Length)
            {
                _log.LogWarning(e, "PostgreSQL operation failed ({Reason}); retry {Attempt} of {Max}", e.Message, attempt + 1, RetryDelays.Length);
                // Connections idle in the pool died with the one that failed; do not hand them out again.
                if (PostgresFailures.BreaksConnections(e)) _db.Clear();
                Thread.Sleep(RetryDelays[attempt]);
            }
        }
    }

    /// <summary>Migrates once per process, on first use or at start (see <see cref="StoreWarmup"/>); a failure is retried on the next call.</summary>
    private void EnsureSchema()
    {
        if (_schemaVersion > 0) return;
        lock (_migrateGate)
        {
            if (_schemaVersion > 0) return;
            using var c = _db.OpenConnection();
            var version = PostgresSchema.Migrate(c);
            _log.LogInformation("PostgreSQL schema at version {Version}", version);
            _schemaVersion = version;
        }
    }
}
