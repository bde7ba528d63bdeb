using LeadBot.Leads;
using LeadBot.Storage;
using static LeadBot.Storage.Aggregates;

namespace LeadBot.Tests.Storage;

/// <summary>The LiteDB store keeps counter buckets in memory once read; these pin what must never leak into them.</summary>
public sealed class LiteDbCounterCacheTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 15, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-cache-").FullName;

    private string ConnectionString => $"Filename={Path.Combine(_folder, "store.db")};Connection=shared";

    public void Dispose() => Directory.Delete(_folder, true);

    [Fact]
    public void RolledBackWrite_IsSeenInsideItsTransaction_AndNeverAfterwards()
    {
        using var store = new LiteDbLeadStore(ConnectionString);
        var offered = Make.Offered("a", T0);
        store.Insert([offered]);
        Assert.Equal(0, Accepted(store));

        var inside = -1L;
        Assert.Throws<InvalidOperationException>(() => store.RunTogether<bool>(() =>
        {
            Assert.True(store.TryUpdate(Make.Step(offered.Lead, LeadState.Accepted, T0.AddMinutes(4))));
            inside = Accepted(store);
            throw new InvalidOperationException("the caller fails after the claim");
        }));

        Assert.Equal(1, inside);
        Assert.Equal(0, Accepted(store));
        using (var reopened = new LiteDbLeadStore(ConnectionString)) Assert.Equal(0, Accepted(reopened));
        Assert.True(store.TryUpdate(Make.Step(offered.Lead, LeadState.Accepted, T0.AddMinutes(5))));
        Assert.Equal(1, Accepted(store));
    }

    [Fact]
    public void CommittedWrites_AreSeenByTheCachedTotals_AsARestartedStoreSeesThem()
    {
        using var store = new LiteDbLeadStore(ConnectionString);
        var month = (From: new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), To: new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        for (var i = 0; i < 30; i++)
        {
            var offered = Make.Offered($"l{i}", T0.AddHours(-i * 7), team: i % 2 == 0 ? "EMEA" : "North America");
            store.Insert([offered]);
            _ = store.CounterTotals(month.From, month.To, "EMEA");
            if (i % 3 == 0) Assert.True(store.TryUpdate(Make.Step(offered.Lead, LeadState.Accepted, offered.Lead.ReceivedAt.AddMinutes(3))));
        }

        var cached = store.CounterTotals(month.From, month.To).OrderBy(Key).ToList();
        using var reopened = new LiteDbLeadStore(ConnectionString);

        Assert.Equal(reopened.CounterTotals(month.From, month.To).OrderBy(Key), cached);
        Assert.Equal(30, cached.Where(t => t.Metric == Metrics.Received).Sum(t => t.Value));
        Assert.Equal(10, cached.Where(t => t.Metric == Metrics.Accepted).Sum(t => t.Value));
    }

    [Fact]
    public void Cache_PastItsLimit_DropsTheLeastRecentlyUsedBuckets()
    {
        var cache = new CounterCache(maxCells: 100);
        CounterCache.Row Row(string team) => new(team, "hubspot", "", [KeyValuePair.Create("received", 1L), KeyValuePair.Create("offered", 1L)]);
        for (var i = 0; i < 10; i++) cache.Set($"d|{i}", Enumerable.Range(0, 5).Select(t => Row($"team{t}")));
        _ = cache.Sum(["d|0"], null); // used last: kept

        cache.Set("d|10", Enumerable.Range(0, 5).Select(t => Row($"team{t}")));

        Assert.True(cache.Has("d|0"));
        Assert.True(cache.Has("d|10"));
        Assert.False(cache.Has("d|1"));
        Assert.True(cache.Count * 10 <= 100);
        Assert.Equal(5, cache.Sum(["d|0"], null).Where(t => t.Metric == "received").Sum(t => t.Value));
        Assert.Equal(1, cache.Sum(["d|0", "d|10"], "TEAM3").Single(t => t.Metric == "offered").Value / 2);
    }

    [Theory]
    [InlineData(20, 10)] // summed in a flat array
    [InlineData(2000, 30)] // too many campaigns times metrics for the array: hashed
    public void SumOverEveryTeam_EqualsTheTeamsSummedOneByOne(int campaigns, int metrics)
    {
        var cache = new CounterCache(maxCells: int.MaxValue);
        var random = new Random(7);
        string[] teams = ["EMEA", "North America", "APAC", ""];
        for (var b = 0; b < 3; b++)
        {
            cache.Set($"h|{b}", Enumerable.Range(0, 3000).Select(_ => new CounterCache.Row(
                teams[random.Next(teams.Length)], random.Next(2) == 0 ? "hubspot" : "csv", $"c{random.Next(campaigns)}",
                [KeyValuePair.Create($"m{random.Next(metrics)}", (long)random.Next(1, 5))])));
        }
        string[] buckets = ["h|0", "h|1", "h|2"];

        var byTeam = teams.SelectMany(t => cache.Sum(buckets, t))
            .GroupBy(t => (t.Source, t.Campaign, t.Metric)).ToDictionary(g => g.Key, g => g.Sum(t => t.Value));
        var all = cache.Sum(buckets, null);

        Assert.All(all, t => Assert.Equal("", t.Team));
        Assert.Equal(all.Count, all.Select(t => (t.Source, t.Campaign, t.Metric)).Distinct().Count());
        Assert.Equal(byTeam.OrderBy(p => p.Key), all.ToDictionary(t => (t.Source, t.Campaign, t.Metric), t => t.Value).OrderBy(p => p.Key));
        Assert.Equal(all, cache.Sum(buckets, null)); // again, from the merged cells kept the first time
    }

    [Fact]
    public void ARangeOfMoreBucketsThanTheCacheKeeps_IsStillSummedWhole()
    {
        using var store = new LiteDbLeadStore(ConnectionString);
        // Ten years of months, each bucket read: far fewer cells than the limit, so this pins the arithmetic of long
        // ranges; the eviction itself is pinned on the cache below.
        var first = new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 120; i += 7) store.Insert([Make.Offered($"y{i}", first.AddMonths(i).AddHours(5))]);

        var totals = store.CounterTotals(first.AddHours(3), first.AddYears(10).AddHours(2));

        Assert.Equal(18, totals.Where(t => t.Metric == Metrics.Received).Sum(t => t.Value));
        Assert.Equal(totals.OrderBy(Key), store.CounterTotals(first.AddHours(3), first.AddYears(10).AddHours(2)).OrderBy(Key));
    }

    private static long Accepted(ILeadStore store) =>
        store.CounterTotals(T0.AddDays(-40), T0.AddDays(2)).Where(t => t.Metric == Metrics.Accepted).Sum(t => t.Value);

    private static string Key(CounterTotal t) => $"{t.Team}|{t.Source}|{t.Campaign}|{t.Metric}";
}
