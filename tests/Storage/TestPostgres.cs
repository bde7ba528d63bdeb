using Npgsql;

namespace LeadBot.Tests.Storage;

/// <summary>
/// The PostgreSQL server the tests run against, named by LEADBOT_TEST_POSTGRES. Without it the PostgreSQL tests fail
/// (they never skip): a green run must mean the PostgreSQL store was tested. Each test gets its own schema or database.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "LEADBOT_TEST_POSTGRES";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"The PostgreSQL tests need a server: {Variable} is not set. Run the suite with tests/run.sh, or " +
                $"`export {Variable}=\"$(tests/postgres.sh)\"` (installs and starts PostgreSQL on 127.0.0.1), or set {Variable} to an Npgsql connection string for a role that may create databases, " +
                "e.g. Host=127.0.0.1;Username=leadbot;Password=leadbot;Database=leadbot_test.");

    /// <summary>A fresh, empty schema; the connection string puts it first in the search path.</summary>
    public static Scratch NewSchema()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        Admin($"CREATE SCHEMA {name}");
        var cs = new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = name, ApplicationName = name }.ConnectionString;
        return new Scratch(name, cs, () => Admin($"DROP SCHEMA IF EXISTS {name} CASCADE"));
    }

    /// <summary>A fresh, empty database, for tests that start whole bot processes on it.</summary>
    public static Scratch NewDatabase()
    {
        var name = "leadbot_t_" + Guid.NewGuid().ToString("N");
        Admin($"CREATE DATABASE {name}");
        var cs = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, ApplicationName = name }.ConnectionString;
        return new Scratch(name, cs, () => Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    }

    public static void Admin(string sql, params (string Name, object Value)[] args)
    {
        using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        cmd.ExecuteNonQuery();
    }

    public static T Scalar<T>(string connectionString, string sql)
    {
        using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        return (T)cmd.ExecuteScalar()!;
    }

    /// <summary>Ends every server session opened with this application name, as a failover or a restart would.</summary>
    public static void DropConnections(string applicationName) =>
        Admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = @name AND pid <> pg_backend_pid()",
            ("name", applicationName));

    public sealed class Scratch(string name, string connectionString, Action drop) : IDisposable
    {
        public string Name { get; } = name;
        public string ConnectionString { get; } = connectionString;

        /// <summary>Drops the schema or database; dispose the stores using it first.</summary>
        public void Dispose() => drop();
    }
}
