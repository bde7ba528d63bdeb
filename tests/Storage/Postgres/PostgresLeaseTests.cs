using LeadBot.Storage;
using LeadBot.Storage.Postgres;

namespace LeadBot.Tests.Storage.Postgres;

/// <summary>
/// Several instances on one database: an instance is gone when its heartbeat is older than DeadAfter, and only then are
/// its leases given back. An instance that never beats (an older version during an upgrade) keeps its lease to the end.
/// </summary>
public sealed class PostgresLeaseTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2), DeadAfter = TimeSpan.FromSeconds(10);
    private readonly TestPostgres.Scratch _schema = TestPostgres.NewSchema();

    private PostgresLeadStore Instance() => new(_schema.ConnectionString);

    private static OutboxMessage Message(string id) =>
        new() { Id = id, Kind = OutboxMessage.Kinds.Announce, Audience = "team:EMEA", CreatedAt = T0, DueAt = T0 };

    [Fact]
    public void ALiveInstancesLeases_StayItsOwn_UntilItsHeartbeatStops()
    {
        using var a = Instance();
        using var b = Instance();
        a.Heartbeat("a", T0, DeadAfter);
        a.Enqueue([Message("m1")]);
        Assert.Single(a.TakeDue(T0, 10, "a", Lease));

        Assert.Equal(0, b.Heartbeat("b", T0.AddSeconds(8), DeadAfter));
        a.Heartbeat("a", T0.AddSeconds(9), DeadAfter);
        Assert.Equal(0, b.Heartbeat("b", T0.AddSeconds(15), DeadAfter)); // a beat 6 s ago
        Assert.Empty(b.TakeDue(T0.AddSeconds(15), 10, "b", Lease));

        // a stops beating: 10 s after its last beat its message is b's to send, long before the 2-minute lease ends.
        Assert.Equal(1, b.Heartbeat("b", T0.AddSeconds(20), DeadAfter));
        Assert.Equal("m1", Assert.Single(b.TakeDue(T0.AddSeconds(20), 10, "b", Lease)).Id);
    }

    [Fact]
    public void AnInstanceThatNeverBeats_KeepsItsLeaseToTheEnd()
    {
        using var old = Instance();
        using var b = Instance();
        old.Enqueue([Message("m1")]);
        Assert.Single(old.TakeDue(T0, 10, "old-version", Lease));

        Assert.Equal(0, b.Heartbeat("b", T0.AddMinutes(1), DeadAfter));
        Assert.Empty(b.TakeDue(T0.AddMinutes(1), 10, "b", Lease));
        Assert.Single(b.TakeDue(T0 + Lease, 10, "b", Lease));
    }

    public void Dispose() => _schema.Dispose();
}
