using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Storage;
using LeadBot.Storage.Postgres;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Storage.Postgres;

/// <summary>
/// Two real LeadBot processes on one PostgreSQL database, as behind a load balancer: a burst of 1,000 leads, each
/// posted to both, then two reps accepting every lead at once, one through each instance. Meanwhile four dispatchers
/// (two store objects, as on two instances) drain the outbox. The channel dispatcher is not part of the bot yet, so
/// "announced exactly once" is checked where it is decided: every announce message is taken under a lease exactly once.
/// </summary>
public sealed class TwoInstancesTests
{
    private const int Leads = 1000;

    [Fact]
    public async Task BurstAndConcurrentAccepts_OnTwoInstances_StoreEachLeadOnceWithOneOwnerAndOneAnnouncement()
    {
        using var db = TestPostgres.NewDatabase();
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "PostgreSQL",
            ["ConnectionStrings__LeadBot"] = db.ConnectionString + ";Maximum Pool Size=40",
            ["Routing__Teams__1__Capacity"] = "5000", // EMEA (the second example team): room for the whole burst
            ["Delivery__Enabled"] = "false", // the test's own dispatchers count what is taken
        };
        var starting = new[] { BotProcess.StartAsync(environment), BotProcess.StartAsync(environment) };
        try
        {
            var bots = await Task.WhenAll(starting);
            await Run(bots, db.ConnectionString);
        }
        finally
        {
            foreach (var start in starting) if (start.IsCompletedSuccessfully) (await start).Dispose();
        }
    }

    private static async Task Run(BotProcess[] bots, string connectionString)
    {
        // Intake: every batch of 100 goes to both instances at the same time.
        var batches = Enumerable.Range(0, Leads).Select(i => SampleLeads.Emea($"burst-{i:D4}")).Chunk(100).ToList();
        var intake = await Throttled(batches.SelectMany(batch => bots.Select(bot => (bot, batch))), 4, async post =>
        {
            var response = await post.bot.Api.PostJsonAsync("/api/leads", post.batch);
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var results = (await response.BodyAsync())["results"]!.AsArray();
            return post.batch.Zip(results, (lead, result) => (ExternalId: (string)lead["externalId"]!, Id: (string)result!["id"]!, Status: (string)result["status"]!));
        });
        var perLead = intake.SelectMany(r => r).GroupBy(r => r.ExternalId).ToList();
        Assert.Equal(Leads, perLead.Count);
        Assert.All(perLead, g =>
        {
            Assert.Single(g.Select(r => r.Id).Distinct());
            Assert.Equal(["created", "unchanged"], g.Select(r => r.Status).Order());
        });
        var ids = perLead.Select(g => g.First().Id).ToList();

        // Accepts: Anna through one instance and Luca through the other, for every lead at once; dispatchers drain meanwhile.
        using var dispatchers = new Dispatchers(connectionString);
        var accepts = await Throttled(ids.SelectMany(id => new[] { (Bot: bots[0], Id: id, Rep: SampleLeads.EmeaRep), (Bot: bots[1], Id: id, Rep: SampleLeads.EmeaRep2) }), 16, async a =>
        {
            var response = await a.Bot.Api.PostJsonAsync($"/api/leads/{a.Id}/accept", new { rep = a.Rep });
            return (a.Id, a.Rep, response.StatusCode);
        });
        var taken = dispatchers.StopAndDrain();

        Assert.All(accepts, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{a.Id} {a.Rep}: {a.StatusCode}"));
        var winners = accepts.Where(a => a.StatusCode == HttpStatusCode.OK).ToDictionary(a => a.Id, a => a.Rep); // throws on two winners
        Assert.Equal(Leads, winners.Count);

        using var store = new PostgresLeadStore(connectionString);
        var stored = store.FindLeads(new LeadQuery { Limit = int.MaxValue });
        Assert.Equal(Leads, stored.Count);
        Assert.All(stored, lead => Assert.Equal(winners[lead.Id], lead.Owner?.Email));
        Assert.Equal(0L, TestPostgres.Scalar<long>(connectionString,
            "SELECT count(*) FROM (SELECT lead_id FROM events WHERE type = 'accepted' GROUP BY lead_id HAVING count(*) <> 1) twice"));
        Assert.Equal((long)Leads, TestPostgres.Scalar<long>(connectionString, "SELECT count(*) FROM events WHERE type = 'accepted'"));

        var announcements = taken.Where(id => id.StartsWith("announce:", StringComparison.Ordinal)).ToList();
        Assert.Equal(Leads, announcements.Count);
        Assert.Equal(ids.Order(), announcements.Select(id => id.Split(':')[1]).Order());
        Assert.All(taken.Where(id => !id.StartsWith("card-update:", StringComparison.Ordinal)).GroupBy(id => id), g => Assert.Single(g));
        Assert.Equal(0, store.OutboxStats().Pending);

        foreach (var bot in bots) Assert.DoesNotContain("fail:", bot.Output);
    }

    private static async Task<List<T>> Throttled<TIn, T>(IEnumerable<TIn> items, int parallel, Func<TIn, Task<T>> work)
    {
        using var gate = new SemaphoreSlim(parallel);
        return [.. await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try { return await work(item); }
            finally { gate.Release(); }
        }))];
    }

    /// <summary>Four outbox workers on two store objects, taking due messages under a lease and completing them.</summary>
    private sealed class Dispatchers : IDisposable
    {
        private readonly PostgresLeadStore[] _stores;
        private readonly ConcurrentQueue<string> _taken = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread[] _threads;

        public Dispatchers(string connectionString)
        {
            _stores = [new PostgresLeadStore(connectionString), new PostgresLeadStore(connectionString)];
            _threads = Enumerable.Range(0, 4).Select(i => new Thread(() => Work(_stores[i % 2], $"worker-{i}"))).ToArray();
            foreach (var t in _threads) t.Start();
        }

        private void Work(PostgresLeadStore store, string worker)
        {
            while (true)
            {
                var stopping = _stop.IsCancellationRequested;
                var batch = store.TakeDue(TimeProvider.System.GetUtcNow(), 20, worker, TimeSpan.FromMinutes(5));
                foreach (var m in batch)
                {
                    _taken.Enqueue(m.Id);
                    store.Complete(m.Id, worker, TimeProvider.System.GetUtcNow());
                }
                if (batch.Count == 0 && stopping) return;
                if (batch.Count == 0) _stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(20));
            }
        }

        /// <summary>Stops once nothing is due any more; the ids of every message taken, in order, repeats included.</summary>
        public List<string> StopAndDrain()
        {
            _stop.Cancel();
            foreach (var t in _threads) t.Join();
            return [.. _taken];
        }

        public void Dispose()
        {
            _stop.Cancel();
            foreach (var s in _stores) s.Dispose();
            _stop.Dispose();
        }
    }
}
