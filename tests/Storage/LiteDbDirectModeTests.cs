using LeadBot.Storage;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Storage;

/// <summary>
/// Connection=direct (the default) gives one process the file. A second opener gets the operating system's lock error,
/// which the bot turns into a start-up failure that says what holds the file and how to read a running bot's data.
/// </summary>
[Collection(BotProcess.Collection)]
public sealed class LiteDbDirectModeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-direct-").FullName;

    /// <summary>
    /// The built bot, started the way an admin starts it, on a file this test holds: it must stop at start and say why.
    /// (A real process rather than an in-memory host: what matters is what the admin reads, and a failed in-memory
    /// start can surface the host's teardown instead of the cause.)
    /// </summary>
    [Fact]
    public async Task ABot_OnAFileAnotherOpenerHolds_StopsWithAMessageThatSaysWhy()
    {
        var file = Path.Combine(_folder, "leadbot.db");
        using var owner = new LiteDbLeadStore($"Filename={file};Connection=direct");

        var failure = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => BotProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__LeadBot"] = $"Filename={file};Connection=direct",
        }));

        Assert.Contains("LeadBot exited at start", failure.Message, StringComparison.Ordinal);
        Assert.Contains("is open in another process", failure.Message, StringComparison.Ordinal);
        Assert.Contains("/api/reports/leads.csv", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecondOpener_OfAFileInDirectMode_IsRefused_InEitherMode()
    {
        var file = Path.Combine(_folder, "leadbot.db");
        using var owner = new LiteDbLeadStore($"Filename={file};Connection=direct");

        Assert.Throws<IOException>(() => new LiteDbLeadStore($"Filename={file};Connection=direct"));
        Assert.Throws<IOException>(() => new LiteDbLeadStore($"Filename={file};Connection=shared"));
    }

    [Fact]
    public void SharedOpeners_MayOpenTheFileTogether_ButADirectOneMayNot()
    {
        var file = Path.Combine(_folder, "leadbot.db");
        using var first = new LiteDbLeadStore($"Filename={file};Connection=shared");
        using var second = new LiteDbLeadStore($"Filename={file};Connection=shared");
        Assert.Null(second.Probe());

        Assert.Throws<IOException>(() => new LiteDbLeadStore($"Filename={file};Connection=direct"));
    }

    [Fact]
    public void AFileOpened_CheckpointsEveryCheckpointPages_AndKeepsItInItsHeader()
    {
        var file = Path.Combine(_folder, "leadbot.db");
        // A file an earlier version made, with LiteDB's default.
        using (var before = new LiteDB.LiteDatabase($"Filename={file};Connection=direct")) Assert.Equal(1000, before.CheckpointSize);

        new LiteDbLeadStore($"Filename={file};Connection=direct").Dispose();

        using var after = new LiteDB.LiteDatabase($"Filename={file};Connection=direct");
        Assert.Equal(LiteDbLeadStore.CheckpointPages, after.CheckpointSize);
    }

    [Fact]
    public void TheFile_IsFreeAgain_OnceItsOwnerCloses()
    {
        var file = Path.Combine(_folder, "leadbot.db");
        using (var first = new LiteDbLeadStore($"Filename={file};Connection=direct")) Assert.Null(first.Probe());
        using var second = new LiteDbLeadStore($"Filename={file};Connection=direct");
        Assert.Null(second.Probe());
        Assert.Equal(LiteDbLeadStore.LatestLayout, second.SchemaVersion);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } // best effort
    }
}
