using System.Diagnostics;
using LeadBot.Tests.Channels.Slack;
using LeadBot.Tests.Support;
using Xunit.Abstractions;

namespace LeadBot.Tests.Handoff.Delivery;

/// <summary>
/// The real bot process (bot/bin/…/LeadBot.dll) on a LiteDB file, announcing to a fake Slack Web API, killed with SIGKILL
/// in the middle of a burst of 1,000 leads and started again on the same file. The marketing system retries the batches
/// it got no answer for, as a real integration would. Every lead must reach the Slack channel exactly once.
/// </summary>
[Collection(BotProcess.Collection)]
public sealed class KillAndRestartTests(ITestOutputHelper output)
{
    private const int Leads = 1000, BatchSize = 20, KillAfterBatches = 20;
    private const string Channel = SignedCommand.SalesChannel;

    [Fact]
    public async Task KilledMidBurst_RestartedAndRetried_AnnouncesEveryLeadExactlyOnce()
    {
        var watch = Stopwatch.StartNew();
        await using var slack = await FakeSlack.StartAsync();
        slack.Users[SignedCommand.Admin] = (SampleLeads.EmeaManager, "Marta Novak");
        var folder = Directory.CreateTempSubdirectory("leadbot-kill-");
        var environment = new Dictionary<string, string>
        {
            // One process owns the file (shared mode reopens it for every operation and halves the drain rate).
            ["ConnectionStrings__LeadBot"] = $"Filename={Path.Combine(folder.FullName, "leadbot.db")};Connection=direct",
            ["Slack__SigningSecret"] = SlackScenario.Secret,
            ["Slack__BotToken"] = FakeSlack.Token,
            ["Slack__ApiBaseUrl"] = slack.ApiBaseUrl,
            // A fake Slack has no one-per-second limit; at Slack's pace 1,000 posts to one channel take 17 minutes.
            ["Slack__PostInterval"] = "00:00:00.002",
            // What the killed process had leased comes back after seconds, not the default two minutes.
            ["Delivery__Lease"] = "00:00:05",
        };
        BotProcess? bot = null;
        try
        {
            bot = await BotProcess.StartAsync(environment);
            await SignedCommand.SubscribeAsync(bot.Api, slack);

            // The burst: batches of 20, two requests at a time. Once 20 batches have been answered and Slack has seen an
            // announcement, the process dies: mid-burst for intake and for delivery, whatever the machine's speed.
            // Batches from the 25th on wait for the kill, so some are certain to find the process gone.
            var batches = Enumerable.Range(0, Leads).Select(i => SampleLeads.Emea($"kill-{i:D4}")).Chunk(BatchSize).ToList();
            var ids = new Dictionary<string, string>(); // externalId → lead id, for every lead intake accepted
            var unanswered = new List<Dictionary<string, object?>[]>();
            var answered = 0;
            var killed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var first = bot;
            var firstAnnouncement = slack.FirstCallAsync("chat.postMessage", c => (string?)c.Body["metadata"]?["event_payload"]?["kind"] == "announce");
            using var gate = new SemaphoreSlim(2);
            await Task.WhenAll(batches.Select(async (batch, index) =>
            {
                if (index >= KillAfterBatches + 5) await killed.Task;
                await gate.WaitAsync();
                try
                {
                    if (killed.Task.IsCompleted) { lock (unanswered) unanswered.Add(batch); return; }
                    var accepted = await TryPostAsync(first, batch);
                    bool killNow;
                    lock (unanswered)
                    {
                        if (accepted is null) { unanswered.Add(batch); return; }
                        foreach (var (externalId, id) in accepted) ids[externalId] = id;
                        killNow = ++answered == KillAfterBatches;
                    }
                    if (!killNow) return;
                    try
                    {
                        // Only a hang guard: 400 stored leads and no announcement at all in minutes is a broken dispatcher.
                        await firstAnnouncement.WaitAsync(TimeSpan.FromMinutes(3));
                        first.Kill();
                        killed.TrySetResult(Announced(slack).Count);
                    }
                    catch (Exception e)
                    {
                        killed.TrySetException(e);
                        throw;
                    }
                }
                finally { gate.Release(); }
            }));
            var announcedBeforeKill = await killed.Task;
            var acceptedBeforeKill = ids.Keys.ToHashSet();
            output.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: killed after {answered} batches ({ids.Count} leads) answered, {announcedBeforeKill} announced; {unanswered.Count} batches unanswered");
            Assert.NotEmpty(unanswered);
            // At least one announcement (waited for above), at most one per lead intake had accepted: mid-burst for delivery too.
            Assert.InRange(announcedBeforeKill, 1, ids.Count);

            bot = await BotProcess.StartAsync(environment);
            foreach (var batch in unanswered)
                foreach (var (externalId, id) in await TryPostAsync(bot, batch) ?? throw new InvalidOperationException("The restarted bot did not answer a retry."))
                    ids[externalId] = id;
            Assert.Equal(Leads, ids.Count);
            output.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: restarted and retried; {Announced(slack).Count} announced");

            // No deadline on a loaded machine: the wait fails only if announcing stops moving.
            var restarted = bot;
            await Eventually.UntilAsync(() => Announced(slack).Select(a => a.LeadId).Distinct().Count() == Leads, () => Announced(slack).Count, "every lead announced");
            await Eventually.UntilAsync(async () => await PendingAsync(restarted) == 0, () => PendingAsync(restarted), "the outbox drained");

            var announced = Announced(slack);
            output.WriteLine($"{announced.Count} announcements, {slack.Calls("conversations.history").Count} history checks, {watch.Elapsed.TotalSeconds:F1} s");
            var perLead = announced.GroupBy(a => a.LeadId).ToDictionary(g => g.Key, g => g.Count());
            // Accepted before the kill: exactly once. Retried: the retry was answered 2xx, so exactly once as well.
            Assert.All(acceptedBeforeKill, externalId => Assert.Equal(1, perLead.GetValueOrDefault(ids[externalId])));
            Assert.All(ids.Values, id => Assert.Equal(1, perLead.GetValueOrDefault(id)));
            Assert.Equal(Leads, announced.Count);
            Assert.All(announced, a => Assert.Equal(Channel, a.Channel));
        }
        finally
        {
            bot?.Dispose();
            try { folder.Delete(recursive: true); } catch (IOException) { } // best effort
        }
    }

    /// <summary>One batch to POST /api/leads; null when the request got no answer (the process died under it).</summary>
    private static async Task<List<(string ExternalId, string Id)>?> TryPostAsync(BotProcess bot, Dictionary<string, object?>[] batch)
    {
        HttpResponseMessage response;
        try { response = await bot.Api.PostJsonAsync("/api/leads", batch); }
        catch (HttpRequestException) { return null; }
        catch (TaskCanceledException) { return null; }
        using (response)
        {
            Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var results = (await response.BodyAsync())["results"]!.AsArray();
            return batch.Zip(results, (lead, r) => ((string)lead["externalId"]!, (string)r!["id"]!)).ToList();
        }
    }

    /// <summary>Every announcement Slack accepted: the lead and channel, from the metadata the bot posts with.</summary>
    private static List<(string LeadId, string Channel)> Announced(FakeSlack slack) =>
        [.. SignedCommand.Cards(slack).Where(c => c.Kind == "announce").Select(c => (c.LeadId, c.Channel))];

    private static async Task<long> PendingAsync(BotProcess bot) =>
        (long)(await (await bot.Api.GetAsync("/healthz")).BodyAsync())["outbox"]!["pending"]!;
}
