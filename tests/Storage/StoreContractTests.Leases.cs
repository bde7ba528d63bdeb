using LeadBot.Storage;

namespace LeadBot.Tests.Storage;

/// <summary>
/// What a dispatcher's heartbeat promises on every store: the messages a gone worker had leased come back at once, due
/// and with no attempt counted, long before their lease would have run out. The stores differ in how "gone" is known
/// (LiteDbLeaseTests, PostgresLeaseTests).
/// </summary>
public abstract partial class StoreContractTests
{
    protected static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(10);

    protected static IOutboxLeases Leases(ILeadStore store) => Assert.IsAssignableFrom<IOutboxLeases>(store);

    [Fact]
    public virtual void Heartbeat_AfterAWorkerIsGone_GivesBackWhatItHadLeased_BeforeTheLeaseRunsOut()
    {
        var gone = Open();
        Leases(gone).Heartbeat("gone", T0, DeadAfter);
        gone.Enqueue([Message("m1", T0), Message("m2", T0), Message("later", T0.AddHours(1))]);
        Assert.Equal(2, gone.TakeDue(T0, 10, "gone", Lease).Count);

        // A new process (LiteDB) or another instance once the gone one has been silent for DeadAfter (PostgreSQL).
        var restarted = Open();
        var at = T0 + DeadAfter + TimeSpan.FromSeconds(1);
        Assert.Equal(2, Leases(restarted).Heartbeat("restarted", at, DeadAfter));

        var taken = restarted.TakeDue(at, 10, "restarted", Lease);
        Assert.Equal(["m1", "m2"], taken.Select(m => m.Id).Order());
        Assert.All(taken, m => Assert.Equal((0, "restarted"), (m.Attempts, m.LeaseOwner)));
        // The one that was given back is the restarted worker's now: the gone worker's settle finds nothing to settle.
        gone.Complete("m1", "gone", at);
        Assert.Equal(3, restarted.OutboxStats().Pending); // m1, m2 and the later one
        Assert.Equal(0, Leases(restarted).Heartbeat("restarted", at + TimeSpan.FromSeconds(2), DeadAfter));
    }

    [Fact]
    public void Heartbeat_LeavesSentAndFailedMessagesAlone()
    {
        var gone = Open();
        Leases(gone).Heartbeat("gone", T0, DeadAfter);
        gone.Enqueue([Message("sent", T0), Message("failed", T0)]);
        gone.TakeDue(T0, 10, "gone", Lease);
        gone.Complete("sent", "gone", T0);
        gone.Reschedule("failed", "gone", T0, "permanent", parkAsFailed: true);

        var restarted = Open();
        Assert.Equal(0, Leases(restarted).Heartbeat("restarted", T0 + DeadAfter * 2, DeadAfter));
        Assert.Equal((0, 1, 1), (restarted.OutboxStats().Pending, restarted.OutboxStats().Failed, restarted.OutboxStats().Sent));
    }
}
