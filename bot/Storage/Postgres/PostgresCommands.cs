using Npgsql;

namespace LeadBot.Storage.Postgres;

internal sealed record Statement(string Sql, (string Name, object? Value)[] Args);

/// <summary>The three command shapes the store needs, so its methods read as SQL plus arguments.</summary>
internal static class PostgresCommands
{
    /// <summary>The first column of every row, as <typeparamref name="T"/> (text and json columns read as string).</summary>
    public static List<string> Query(this NpgsqlConnection c, string sql, params (string Name, object? Value)[] args) => Query<string>(c, sql, args);

    public static List<T> Query<T>(this NpgsqlConnection c, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, sql, args);
        using var reader = cmd.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(reader.GetFieldValue<T>(0));
        return rows;
    }

    public static int Execute(this NpgsqlConnection c, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, sql, args);
        return cmd.ExecuteNonQuery();
    }

    public static T Scalar<T>(this NpgsqlConnection c, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(c, sql, args);
        return (T)cmd.ExecuteScalar()!;
    }

    /// <summary>
    /// Several statements in order, in the caller's transaction; returns the total rows affected. One command each, not an
    /// NpgsqlBatch: the store's calls are synchronous, and Npgsql (8 and later) writes every statement of a synchronous
    /// batch after the first asynchronously, on the thread pool, while the calling thread blocks. Under load every pool
    /// thread was such a caller, the writes never ran, and intake transactions sat "idle in transaction" until a 30 s read
    /// timeout (the open-loop speed-to-lead benchmark at 300 leads/s; Npgsql's 8.0 release notes, "Synchronous command
    /// batching can cause threadpool starvation"). A few more loopback round trips per write are the price.
    /// </summary>
    public static int ExecuteAll(this NpgsqlConnection c, IReadOnlyList<Statement> statements)
    {
        var rows = 0;
        foreach (var s in statements)
        {
            using var cmd = Command(c, s.Sql, s.Args);
            rows += cmd.ExecuteNonQuery();
        }
        return rows;
    }

    private static NpgsqlCommand Command(NpgsqlConnection c, string sql, (string Name, object? Value)[] args)
    {
        var cmd = new NpgsqlCommand(sql, c);
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }
}
