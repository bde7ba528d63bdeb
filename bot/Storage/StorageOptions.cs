namespace LeadBot.Storage;

public sealed class StorageOptions
{
    /// <summary>
    /// LiteDB's own default: this process opens the file once and keeps it. Connection=shared lets other processes open
    /// it between the bot's operations, at the price of an open, checkpoint and close on every commit (a lead per request
    /// ran at about a third of the direct rate, docs/benchmarks.md); a running bot's data is read through its API instead.
    /// </summary>
    public const string DefaultConnectionString = "Filename=data/leadbot.db;Connection=direct";

    /// <summary>LiteDB (default, one file) or PostgreSQL (several instances on one database).</summary>
    public string Provider { get; set; } = "LiteDB";

    public bool IsLiteDb => Provider.Equals("LiteDB", StringComparison.OrdinalIgnoreCase);
    public bool IsPostgres => Provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) || Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
}
