namespace LeadBot.Storage;

public sealed class StorageOptions
{
    public const string DefaultConnectionString = "Filename=data/leadbot.db;Connection=shared";

    /// <summary>LiteDB (default, one file) or PostgreSQL (several instances on one database).</summary>
    public string Provider { get; set; } = "LiteDB";
}
