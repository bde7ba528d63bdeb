using LeadBot.Storage;
using LeadBot.Storage.Postgres;

namespace LeadBot.Tests.Storage.Postgres;

/// <summary>
/// The outbox operations the dispatcher (branch engine) adds to the store contract: skipping saturated audiences and
/// giving a message back without counting an attempt. They move into <see cref="StoreContractTests"/> once the contract has them.
/// </summary>
public sealed class PostgresOutboxReleaseTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly TestPostgres.Scratch _schema = TestPostgres.NewSchema();
    private readonly PostgresLeadStore _store;

    public PostgresOutboxReleaseTests() => _store = new PostgresLeadStore(_schema.ConnectionString);

    private static OutboxMessage Message(string id, string audience) =>
        new() { Id = id, Kind = OutboxMessage.Kinds.Announce, Audience = audience, CreatedAt = T0, DueAt = T0 };

    [Fact]
    public void TakeDue_SkippingAudiences_LeavesTheirMessagesForLater()
    {
        _store.Enqueue([Message("a", "team:EMEA"), Message("b", "team:North America"), Message("c", "marketing")]);

        var taken = _store.TakeDue(T0, 10, "w1", TimeSpan.FromMinutes(1), ["team:EMEA", "marketing"]);

        Assert.Equal(["b"], taken.Select(m => m.Id));
        Assert.Equal(["a", "c"], _store.TakeDue(T0, 10, "w2", TimeSpan.FromMinutes(1), []).Select(m => m.Id));
    }

    [Fact]
    public void Release_ByTheLeaseHolder_GivesItBackWithoutAnAttempt()
    {
        _store.Enqueue([Message("a", "team:EMEA")]);
        _store.TakeDue(T0, 10, "w1", TimeSpan.FromMinutes(5));

        Assert.False(_store.Release("a", "w2", T0.AddMinutes(1), "not mine"));
        Assert.True(_store.Release("a", "w1", T0.AddMinutes(1), "no subscriber yet"));

        Assert.Empty(_store.TakeDue(T0.AddSeconds(30), 10, "w2", TimeSpan.FromMinutes(5)));
        var again = Assert.Single(_store.TakeDue(T0.AddMinutes(1), 10, "w2", TimeSpan.FromMinutes(5)));
        Assert.Equal((0, "no subscriber yet", "w2"), (again.Attempts, again.LastError, again.LeaseOwner));
    }

    public void Dispose()
    {
        _store.Dispose();
        _schema.Dispose();
    }
}
