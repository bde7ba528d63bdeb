using LeadBot.Storage;
using LiteDB;

namespace LeadBot.Tests.Storage;

/// <summary>The contract on a LiteDB file in a temp folder; a second store object opens the same file in shared mode.</summary>
public sealed class LiteDbStoreContractTests : StoreContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-store-").FullName;

    protected override ILeadStore OpenStore() => new LiteDbLeadStore($"Filename={Path.Combine(_folder, "leadbot.db")};Connection=shared");

    protected override IEnumerable<string> EverythingStored()
    {
        using var db = new LiteDatabase($"Filename={Path.Combine(_folder, "leadbot.db")};Connection=shared");
        return [.. db.GetCollectionNames().SelectMany(c => db.GetCollection(c).FindAll()).Select(d => JsonSerializer.Serialize(d))];
    }

    public override void Dispose()
    {
        base.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
