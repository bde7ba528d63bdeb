using LeadBot.Storage;
using LiteDB;

namespace LeadBot.Tests.Storage;

/// <summary>
/// The contract on a LiteDB file in direct mode, the bot's default: one process, one store object, which keeps the leads
/// and the outbox lanes it knows in memory (a shared-mode store keeps nothing). A second opener would be refused, so every
/// "instance" a test opens is that one object, as every dispatcher and handler in one bot process is.
/// </summary>
public sealed class LiteDbDirectStoreContractTests : StoreContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-direct-store-").FullName;
    private LiteDbLeadStore? _store;

    protected override ILeadStore OpenStore() => _store ??= new LiteDbLeadStore($"Filename={Path.Combine(_folder, "leadbot.db")};Connection=direct");

    /// <summary>Read through the open store's own engine: a second opener of a direct-mode file is refused.</summary>
    protected override IEnumerable<string> EverythingStored() =>
        ((LiteDbLeadStore)OpenStore()).EveryDocument().Select(d => JsonSerializer.Serialize(d));

    /// <summary>
    /// Every worker of one process is alive while it runs: another worker's beat takes nothing of theirs. (A restart, the
    /// one way a direct-mode file's worker is gone, is LiteDbLeaseTests'.)
    /// </summary>
    public override void Heartbeat_AfterAWorkerIsGone_GivesBackWhatItHadLeased_BeforeTheLeaseRunsOut()
    {
        var store = Open();
        var leases = (IOutboxLeases)store;
        leases.Heartbeat("first", T0, TimeSpan.FromSeconds(10));
        store.Enqueue([Message("m1", T0), Message("m2", T0)]);
        Assert.Equal(2, store.TakeDue(T0, 10, "first", TimeSpan.FromMinutes(2)).Count);

        Assert.Equal(0, leases.Heartbeat("second", T0.AddMinutes(1), TimeSpan.FromSeconds(10)));
        Assert.Empty(store.TakeDue(T0.AddMinutes(1), 10, "second", TimeSpan.FromMinutes(2)));
    }

    public override void Dispose()
    {
        base.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
