using Npgsql;

namespace LeadBot.Storage.Postgres;

/// <summary>Which PostgreSQL failures mean "the database is not reachable right now" rather than "this request is wrong".</summary>
public static class PostgresFailures
{
    /// <summary>
    /// Worth trying again on a fresh connection: what Npgsql flags as transient (network, timeouts, serialization
    /// failures, deadlocks, too many connections) plus the server going away (class 08 connection exceptions,
    /// 57P operator intervention: admin shutdown, crash shutdown, cannot connect now).
    /// </summary>
    public static bool IsTransient(Exception e) => e switch
    {
        PostgresException p => p.IsTransient || IsServerGone(p.SqlState),
        NpgsqlException n => n.IsTransient,
        _ => false,
    };

    /// <summary>
    /// The store is unavailable (answer 503, retry later) as opposed to a bug (500): a connection-level failure,
    /// a server that is shutting down or out of connections. A constraint violation or bad SQL is not this.
    /// </summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        PostgresException p => IsServerGone(p.SqlState) || p.SqlState.StartsWith("53", StringComparison.Ordinal),
        NpgsqlException => true,
        _ => false,
    };

    /// <summary>A failure after which the pooled connections are probably dead too.</summary>
    internal static bool BreaksConnections(Exception e) => e switch
    {
        PostgresException p => IsServerGone(p.SqlState),
        NpgsqlException => true,
        _ => false,
    };

    private static bool IsServerGone(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("57P", StringComparison.Ordinal);
}
