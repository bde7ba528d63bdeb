using Npgsql;

namespace LeadBot.Bench;

/// <summary>A fresh PostgreSQL database for one benchmark run, dropped afterwards, on LEADBOT_BENCH_POSTGRES or LEADBOT_TEST_POSTGRES.</summary>
public static class BenchPostgres
{
    /// <summary>Runs <paramref name="run"/> with the bot's settings for a new database of its own.</summary>
    public static async Task WithDatabaseAsync(Func<Dictionary<string, string?>, Task> run)
    {
        var server = Environment.GetEnvironmentVariable("LEADBOT_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("LEADBOT_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set LEADBOT_BENCH_POSTGRES (or run: export LEADBOT_TEST_POSTGRES=\"$(tests/postgres.sh)\").");
        var database = "leadbot_bench_" + Guid.NewGuid().ToString("N")[..8];
        await Admin(server, $"CREATE DATABASE {database}");
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
            await run(new() { ["Storage:Provider"] = "PostgreSQL", ["ConnectionStrings:LeadBot"] = cs });
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            // FORCE may not end an autovacuum worker that is still in the new database (a server process, which only a
            // superuser may signal): the drop is refused with 42501 until the worker is done, a second or so.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await Admin(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
                    break;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 30)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }
        }
    }

    private static async Task Admin(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
