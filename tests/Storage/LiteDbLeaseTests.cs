using LeadBot.Storage;

namespace LeadBot.Tests.Storage;

/// <summary>
/// On LiteDB one process owns the file, so the first beat of a dispatcher takes back every lease but those of workers of
/// this same process that are beating: a killed process's messages are sent as soon as the bot is back.
/// </summary>
public sealed class LiteDbLeaseTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2), DeadAfter = TimeSpan.FromSeconds(10);
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-lease-").FullName;

    private string File => $"Filename={Path.Combine(_folder, "leadbot.db")};Connection=direct";

    private static OutboxMessage Message(string id) =>
        new() { Id = id, Kind = OutboxMessage.Kinds.Announce, Audience = "team:EMEA", CreatedAt = T0, DueAt = T0 };

    [Fact]
    public void AfterARestart_TheFirstBeat_TakesBackWhatTheKilledProcessHeld_AtOnce()
    {
        using (var killed = new LiteDbLeadStore(File))
        {
            killed.Heartbeat("killed", T0, DeadAfter);
            killed.Enqueue([Message("m1"), Message("m2")]);
            Assert.Equal(2, killed.TakeDue(T0, 10, "killed", Lease).Count);
        }

        using var restarted = new LiteDbLeadStore(File);
        var at = T0.AddSeconds(3); // no waiting for DeadAfter: nobody else can hold this file
        Assert.Empty(restarted.TakeDue(at, 10, "restarted", Lease));
        Assert.Equal(2, restarted.Heartbeat("restarted", at, DeadAfter));
        Assert.Equal(["m1", "m2"], restarted.TakeDue(at, 10, "restarted", Lease).Select(m => m.Id).Order());
    }

    [Fact]
    public void ASecondWorkerOfTheSameProcess_LeavesTheLeasesOfABeatingOne()
    {
        using var store = new LiteDbLeadStore(File);
        store.Heartbeat("first", T0, DeadAfter);
        store.Enqueue([Message("m1")]);
        Assert.Single(store.TakeDue(T0, 10, "first", Lease));

        Assert.Equal(0, store.Heartbeat("second", T0.AddSeconds(30), DeadAfter));
        Assert.Empty(store.TakeDue(T0.AddSeconds(30), 10, "second", Lease));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } // best effort
    }
}
