using LeadBot.Storage;

namespace LeadBot.Tests.Storage;

/// <summary>The contract on a LiteDB file in a temp folder; a second store object opens the same file in shared mode.</summary>
public sealed class LiteDbStoreContractTests : StoreContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-store-").FullName;

    protected override ILeadStore OpenStore() => new LiteDbLeadStore($"Filename={Path.Combine(_folder, "leadbot.db")};Connection=shared");

    public override void Dispose()
    {
        base.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
