using System.Net;
using LeadBot.Storage;
using LeadBot.Storage.Postgres;
using LeadBot.Tests.Channels.Slack;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Storage.Postgres;

/// <summary>
/// Two real LeadBot processes on one PostgreSQL database, as behind a load balancer: a burst of 1,000 leads, each
/// posted to both, then two reps accepting every lead at once, one through each instance. Both instances' outbox
/// dispatchers post to one fake Slack Web API (a channel subscribed to EMEA): every lead is announced there exactly
/// once, and its owner gets the contact card exactly once, whichever instance sent it.
/// </summary>
[Collection(BotProcess.Collection)]
public sealed class TwoInstancesTests
{
    private const int Leads = 1000;

    [Fact]
    public async Task BurstAndConcurrentAccepts_OnTwoInstances_StoreEachLeadOnceWithOneOwnerAndOneAnnouncement()
    {
        using var db = TestPostgres.NewDatabase();
        await using var slack = await FakeSlack.StartAsync();
        slack.Users[SignedCommand.Admin] = (SampleLeads.EmeaManager, "Marta Novak"); // subscribes the channel: only a manager may
        slack.Users["U07REPALICE"] = (SampleLeads.EmeaRep, "Anna Schmidt");
        slack.Users["U07REPLUCA0"] = (SampleLeads.EmeaRep2, "Luca Rossi");
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "PostgreSQL",
            ["ConnectionStrings__LeadBot"] = db.ConnectionString + ";Maximum Pool Size=40",
            ["Routing__Teams__1__Capacity"] = "5000", // EMEA (the second example team): room for the whole burst
            ["Slack__SigningSecret"] = SlackScenario.Secret,
            ["Slack__BotToken"] = FakeSlack.Token,
            ["Slack__ApiBaseUrl"] = slack.ApiBaseUrl,
            ["Slack__PostInterval"] = "00:00:00.002", // a fake Slack has no one-per-second limit
            // A card update taken by one instance while the other still posts the announcement finds nothing to
            // update yet and waits for this long.
            ["Delivery__NoDestinationRecheck"] = "00:00:01",
        };
        var starting = new[] { BotProcess.StartAsync(environment), BotProcess.StartAsync(environment) };
        try
        {
            var bots = await Task.WhenAll(starting);
            await SignedCommand.SubscribeAsync(bots[0].Api, slack);
            await Run(bots, db.ConnectionString, slack);
        }
        finally
        {
            foreach (var start in starting) if (start.IsCompletedSuccessfully) (await start).Dispose();
        }
    }

    private static async Task Run(BotProcess[] bots, string connectionString, FakeSlack slack)
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

        // Accepts: Anna through one instance and Luca through the other, for every lead at once; both dispatchers drain meanwhile.
        var accepts = await Throttled(ids.SelectMany(id => new[] { (Bot: bots[0], Id: id, Rep: SampleLeads.EmeaRep), (Bot: bots[1], Id: id, Rep: SampleLeads.EmeaRep2) }), 16, async a =>
        {
            var response = await a.Bot.Api.PostJsonAsync($"/api/leads/{a.Id}/accept", new { rep = a.Rep });
            return (a.Id, a.Rep, response.StatusCode);
        });

        Assert.All(accepts, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{a.Id} {a.Rep}: {a.StatusCode}"));
        var winners = accepts.Where(a => a.StatusCode == HttpStatusCode.OK).ToDictionary(a => a.Id, a => a.Rep); // throws on two winners
        Assert.Equal(Leads, winners.Count);

        using var store = new PostgresLeadStore(connectionString);
        // No deadline on a loaded machine: the wait fails only if delivery stops moving.
        await Eventually.UntilAsync(() => store.OutboxStats().Pending == 0 && SignedCommand.Cards(slack).Count(c => c.Kind == "announce") >= Leads,
            () => slack.Calls().Count, "every outbox message delivered, every lead announced");
        var stored = store.FindLeads(new LeadQuery { Limit = int.MaxValue });
        Assert.Equal(Leads, stored.Count);
        Assert.All(stored, lead => Assert.Equal(winners[lead.Id], lead.Owner?.Email));
        Assert.Equal(0L, TestPostgres.Scalar<long>(connectionString,
            "SELECT count(*) FROM (SELECT lead_id FROM events WHERE type = 'accepted' GROUP BY lead_id HAVING count(*) <> 1) twice"));
        Assert.Equal((long)Leads, TestPostgres.Scalar<long>(connectionString, "SELECT count(*) FROM events WHERE type = 'accepted'"));

        Assert.Equal(0, store.OutboxStats().Failed);
        var cards = SignedCommand.Cards(slack);
        var announced = cards.Where(c => c.Kind == "announce").ToList();
        Assert.Equal(ids.Order(), announced.Select(c => c.LeadId).Order()); // each lead once, none twice
        Assert.All(announced, c => Assert.Equal(SignedCommand.SalesChannel, c.Channel));
        var owners = cards.Where(c => c.Kind == "claimed").ToList();
        Assert.Equal(ids.Order(), owners.Select(c => c.LeadId).Order());
        var dmOf = new Dictionary<string, string> { [SampleLeads.EmeaRep] = "D07REPALICE", [SampleLeads.EmeaRep2] = "D07REPLUCA0" };
        Assert.All(owners, c => Assert.Equal(dmOf[winners[c.LeadId]], c.Channel));

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
}
