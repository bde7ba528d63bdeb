using System.Diagnostics;
using LeadBot.Tests.Channels.Slack;
using LeadBot.Tests.Support;
using Xunit.Abstractions;

namespace LeadBot.Tests.Handoff.Delivery;

/// <summary>
/// The real bot process on its LiteDB file, killed with SIGKILL while its dispatcher holds leased announcements, and
/// started again. The lease is left long (ten minutes) so that only the restart's take-back can explain a prompt
/// recovery: the restarted process owns the file, so every lease in it belonged to the dead process and comes back at
/// once. Every lead must reach the channel exactly once.
/// </summary>
[Collection(BotProcess.Collection)]
public sealed class KillRecoveryTests(ITestOutputHelper output)
{
    private const int Leads = 300, KillAfterAnnounced = 100;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    /// <summary>Far below the lease; generous for a loaded 2-core machine (the figure itself is in docs/benchmarks.md).</summary>
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task KilledWhileHoldingLeases_TheRestartSendsEveryHeldMessage_LongBeforeTheLeaseRunsOut()
    {
        await using var slack = await FakeSlack.StartAsync();
        slack.Users[SignedCommand.Admin] = (SampleLeads.EmeaManager, "Marta Novak");
        var folder = Directory.CreateTempSubdirectory("leadbot-recovery-");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__LeadBot"] = $"Filename={Path.Combine(folder.FullName, "leadbot.db")}",
            ["Slack__SigningSecret"] = SlackScenario.Secret,
            ["Slack__BotToken"] = FakeSlack.Token,
            ["Slack__ApiBaseUrl"] = slack.ApiBaseUrl,
            // Paced, so the burst is still being sent when the process dies, with the rest held under lease.
            ["Slack__PostInterval"] = "00:00:00.020",
            ["Delivery__Lease"] = Lease.ToString(),
            ["Logging__LogLevel__LeadBot.Handoff.Delivery.OutboxDispatcher"] = "Information",
        };
        BotProcess? bot = null;
        try
        {
            bot = await BotProcess.StartAsync(environment);
            await SignedCommand.SubscribeAsync(bot.Api, slack);
            var intake = await bot.Api.PostJsonAsync("/api/leads", Enumerable.Range(0, Leads).Select(i => SampleLeads.Emea($"recover-{i:D3}")).ToArray());
            Assert.True(intake.IsSuccessStatusCode, await intake.Content.ReadAsStringAsync());

            await UntilAsync(() => Announced(slack).Count >= KillAfterAnnounced, TimeSpan.FromSeconds(60), "the burst under way");
            bot.Kill();
            var atKill = Announced(slack).Count;
            output.WriteLine($"killed with {atKill} of {Leads} announced");
            Assert.InRange(atKill, KillAfterAnnounced, Leads - 1);

            bot = await BotProcess.StartAsync(environment);
            var sinceRestart = Stopwatch.StartNew();
            await UntilAsync(() => Announced(slack).Select(a => a.LeadId).Distinct().Count() == Leads, Recovery, "every lead announced after the restart");
            output.WriteLine($"every lead announced {sinceRestart.Elapsed.TotalSeconds:F1} s after the restarted bot listened");

            var perLead = Announced(slack).GroupBy(a => a.LeadId).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(Leads, perLead.Count);
            Assert.All(perLead, p => Assert.Equal(1, p.Value));
            Assert.Contains("Took back", bot.Output, StringComparison.Ordinal);
        }
        finally
        {
            bot?.Dispose();
            try { folder.Delete(recursive: true); } catch (IOException) { } // best effort
        }
    }

    private static List<(string LeadId, string Channel)> Announced(FakeSlack slack) =>
        [.. SignedCommand.Cards(slack).Where(c => c.Kind == "announce").Select(c => (c.LeadId, c.Channel))];

    private static async Task UntilAsync(Func<bool> done, TimeSpan within, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            if (watch.Elapsed > within) throw new TimeoutException($"Not reached within {within.TotalSeconds} s: {what}.");
            await Task.Delay(50);
        }
    }
}
