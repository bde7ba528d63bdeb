namespace LeadBot.Storage;

public sealed class StorageOptions
{
    public const string DefaultConnectionString = "Filename=data/leadbot.db;Connection=shared";

    /// <summary>LiteDB (default, one file) or PostgreSQL (several instances on one database).</summary>
    public string Provider { get; set; } = "LiteDB";

    public bool IsLiteDb => Provider.Equals("LiteDB", StringComparison.OrdinalIgnoreCase);
    public bool IsPostgres => Provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) || Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase);
}
