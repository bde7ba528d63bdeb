using System.Diagnostics;
using System.Globalization;
using LeadBot.Handoff;
using LeadBot.Intake;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LeadBot.Bench;

/// <summary>
/// The claim transaction (read, check, conditional write of lead + event + outbox) per second, called the way the chat
/// handlers call it, on distinct leads and then with every client racing for the same lead.
/// </summary>
public static class ClaimBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000;
        using var host = new BotHost(new() { ["Routing:Teams:1:Capacity"] = "1000000" });
        host.Client();
        var intake = host.Services.GetRequiredService<LeadIntake>();
        var actions = host.Services.GetRequiredService<LeadActions>();
        var store = host.Services.GetRequiredService<ILeadStore>();
        Console.WriteLine($"claim: {total:N0} leads, {Environment.ProcessorCount} cores");

        var ids = new List<string>();
        var now = TimeProvider.System.GetUtcNow();
        var seed = Stopwatch.StartNew();
        for (var b = 0; b < total / 100; b++)
        {
            var leads = Enumerable.Range(0, 100).Select(i => EmeaLead(b * 100 + i, now)).ToList();
            ids.AddRange(intake.Receive(leads).Select(o => o.Lead.Id));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeding via LeadIntake {ids.Count / seed.Elapsed.TotalSeconds,10:N0} leads/s"));
        var reps = new[] { "anna.schmidt@contoso.com", "luca.rossi@contoso.com" };
        var sw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, (id, _) =>
        {
            var r = actions.Claim(id, new Actor(Email: reps[id.GetHashCode() & 1]), LeadEvent.Channels.Api);
            if (!r.Ok) throw new InvalidOperationException(r.Message);
            return ValueTask.CompletedTask;
        });
        sw.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  distinct leads      {ids.Count / sw.Elapsed.TotalSeconds,10:N0} claims/s"));

        var contested = intake.Receive([EmeaLead(total + 1, now)])[0].Lead.Id;
        sw.Restart();
        var results = new StepResult[400];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            results[i] = actions.Claim(contested, new Actor(Email: reps[i & 1]), LeadEvent.Channels.Api));
        sw.Stop();
        var owners = store.History(contested).Count(e => e.Type == "accepted");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  400 racing clicks   {results.Length / sw.Elapsed.TotalSeconds,10:N0} answers/s, accepted events: {owners} (must be 1)"));
    }

    private static Lead EmeaLead(int i, DateTimeOffset now) => new()
    {
        Id = LeadId.New(now), Source = "bench", ExternalId = $"claim-{i}", Email = $"c{i}@x.example", ReceivedAt = now,
        Company = new Company { Industry = "Manufacturing", Employees = 500, Region = "EMEA" }, Score = 90,
    };
}
