using LeadBot.Storage;

namespace LeadBot.Tests.Storage;

/// <summary>What <see cref="IAtomicDocuments"/> promises (the agreement's versions and decisions): the first to take a key wins, and a batch lands whole or not at all.</summary>
public abstract partial class StoreContractTests
{
    private sealed record VersionDoc(string Name, int N);

    private static OutboxMessage ProposalMessage(string id) => new() { Id = id, Kind = "proposal", Audience = "marketing", CreatedAt = T0, DueAt = T0 };

    [Fact]
    public void TryAddAll_AddsEveryDocumentAndMessage_ReadableThroughTheBags()
    {
        var added = ((IAtomicDocuments)Store).TryAddAll([new("versions", "v1", new VersionDoc("one", 1)), new("decisions", "p1", new VersionDoc("applied", 2))], [ProposalMessage("m1")]);

        Assert.True(added);
        Assert.Equal(new VersionDoc("one", 1), Store.Get<VersionDoc>("versions", "v1"));
        Assert.Equal(new VersionDoc("applied", 2), Store.Get<VersionDoc>("decisions", "p1"));
        Assert.Equal(1, Store.OutboxStats().Pending);
    }

    [Fact]
    public void TryAddAll_WithOneKeyTaken_AddsNothing()
    {
        var documents = (IAtomicDocuments)Store;
        documents.TryAddAll([new("decisions", "p1", new VersionDoc("declined", 0))]);

        var added = documents.TryAddAll([new("versions", "v2", new VersionDoc("two", 2)), new("decisions", "p1", new VersionDoc("applied", 2))], [ProposalMessage("m2")]);

        Assert.False(added);
        Assert.Null(Store.Get<VersionDoc>("versions", "v2"));
        Assert.Equal(new VersionDoc("declined", 0), Store.Get<VersionDoc>("decisions", "p1"));
        Assert.Equal(0, Store.OutboxStats().Pending);
    }

    [Fact]
    public async Task TryAddAll_FromTwoInstancesAtOnce_HasExactlyOneWinner()
    {
        var stores = new[] { Open(), Open() };
        for (var round = 0; round < 10; round++)
        {
            var key = $"v{round}";
            var results = await Task.WhenAll(stores.Select((s, i) => Task.Run(() => ((IAtomicDocuments)s).TryAddAll([new("versions", key, new VersionDoc("by " + i, round))]))));

            Assert.Single(results, r => r);
            Assert.Equal("by " + Array.IndexOf(results, true), stores[0].Get<VersionDoc>("versions", key)!.Name);
        }
    }
}
