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

    /// <summary>Several statements in one round trip; returns the total rows affected.</summary>
    public static int ExecuteAll(this NpgsqlConnection c, IReadOnlyList<Statement> statements)
    {
        if (statements.Count == 0) return 0;
        using var batch = new NpgsqlBatch(c);
        foreach (var s in statements)
        {
            var command = new NpgsqlBatchCommand(s.Sql);
            foreach (var (name, value) in s.Args) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            batch.BatchCommands.Add(command);
        }
        return batch.ExecuteNonQuery();
    }

    private static NpgsqlCommand Command(NpgsqlConnection c, string sql, (string Name, object? Value)[] args)
    {
        var cmd = new NpgsqlCommand(sql, c);
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }
}
