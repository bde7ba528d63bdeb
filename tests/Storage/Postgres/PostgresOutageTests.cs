using System.Net;
using System.Net.Sockets;
using LeadBot.Leads;
using LeadBot.Storage;
using LeadBot.Storage.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LeadBot.Tests.Storage.Postgres;

/// <summary>What the store does when the database goes away: retry what can be retried, and say so plainly when it cannot.</summary>
public sealed class PostgresOutageTests
{
    /// <summary>A loopback port nobody listens on: connections are refused at once, as from a database that is down.</summary>
    internal static string UnreachableConnectionString()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"Host=127.0.0.1;Port={port};Username=leadbot;Password=leadbot;Database=leadbot;Timeout=2";
    }

    [Fact]
    public void Operation_AfterTheServerDroppedEveryConnection_IsRetriedOnAFreshOne()
    {
        using var schema = TestPostgres.NewSchema();
        var log = new WarningLog();
        using var store = new PostgresLeadStore(schema.ConnectionString, log);
        store.Put("bag", "before", new Dictionary<string, string> { ["v"] = "1" });

        TestPostgres.DropConnections(schema.Name);
        store.Put("bag", "after", new Dictionary<string, string> { ["v"] = "2" });

        Assert.Contains(log.Warnings, w => w.Contains("retry 1 of", StringComparison.Ordinal));
        Assert.Equal("2", store.Get<Dictionary<string, string>>("bag", "after")?["v"]);
        Assert.Null(store.Probe());
    }

    [Fact]
    public void Probe_WhenTheServerIsDown_SaysWhatIsWrong()
    {
        using var store = new PostgresLeadStore(UnreachableConnectionString());

        var problem = store.Probe();

        Assert.NotNull(problem);
        Assert.StartsWith("PostgreSQL: ", problem);
        Assert.Equal(0, store.SchemaVersion);
    }

    [Fact]
    public void Operation_WhenTheServerIsDown_FailsAsUnavailableAfterItsRetries()
    {
        using var store = new PostgresLeadStore(UnreachableConnectionString());

        var e = Assert.ThrowsAny<NpgsqlException>(() => store.Insert([new LeadChange(
            new Lead { Id = "LX", Source = "hubspot", ExternalId = "x", ReceivedAt = DateTimeOffset.UnixEpoch }, [])]));

        Assert.True(PostgresFailures.IsUnavailable(e));
        Assert.True(StoreUnavailableHandler.IsUnavailable(e));
    }

    [Theory]
    [InlineData("08006", true)]  // connection failure
    [InlineData("57P01", true)]  // admin shutdown: the server is restarting or failing over
    [InlineData("57P03", true)]  // cannot connect now: still starting
    [InlineData("53300", true)]  // too many connections
    [InlineData("23505", false)] // unique violation: a bug, not an outage
    [InlineData("42601", false)] // syntax error
    public void ServerErrors_AreUnavailableOnlyWhenTheServerIsTheProblem(string sqlState, bool unavailable)
    {
        var e = new PostgresException("message", "FATAL", "FATAL", sqlState);

        Assert.Equal(unavailable, StoreUnavailableHandler.IsUnavailable(e));
    }

    /// <summary>Collects the store's warnings: the only outside sign that a retry happened.</summary>
    private sealed class WarningLog : ILogger<PostgresLeadStore>
    {
        public List<string> Warnings { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) lock (Warnings) Warnings.Add(formatter(state, exception));
        }
    }
}
