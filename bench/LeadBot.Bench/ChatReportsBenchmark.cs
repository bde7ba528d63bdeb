using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace LeadBot.Bench;

/// <summary>
/// Reports as a manager asks for them in Teams: the real bot (Kestrel, JWT checked against the local Bot Framework) on a
/// seeded LiteDB store from bench/Insights, and a personal-chat message ("pipeline", "feedback hubspot quarter") whose
/// round trip is taken: authentication, the durable de-duplication mark, the report, the card and its Connector reply.
/// The bot's clock is the seed's "now" moving forward (<see cref="ShiftedClock"/>), so "week" is the seeded week.
/// Arguments: FILE NOW [asks=15] [settle=0]: settle seconds to wait after the start before asking, so that the bot's first
/// service-level scan (every waiting lead read once: ~20 s with 765,000 waiting) is over. The service levels are set long: the seeds write no timer marks, so at the seed's
/// Monday the timers would spend the run escalating the weekend's backlog and reminding owners of a month of claims, work
/// a running bot did as each came due; with long ones they scan the leads and fire nothing, as by midday.
/// </summary>
public static class ChatReportsBenchmark
{
    private const string AppId = "5a1c0f6e-7d4b-4c3a-9e2f-1b8d6c4a2e90";
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    /// <summary>People of bot/appsettings.Development.json: EMEA's manager, an admin (every team) and marketing (all feedback).</summary>
    private const double Spacing = 600;

    private static readonly (string Aad, string Email, string Name)[] People =
    [
        ("6d0c2f4e-0000-4000-8000-000000000001", "marta.novak@contoso.com", "Marta Novak"),
        ("6d0c2f4e-0000-4000-8000-000000000002", "alexw@example.com", "Alex Wilber"),
        ("6d0c2f4e-0000-4000-8000-000000000003", "mia.marketing@contoso.com", "Mia Chen"),
    ];

    public static async Task RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            await Console.Error.WriteLineAsync("usage: chat-reports FILE NOW [asks=15] [settle-seconds=0]   (NOW: the seed's now, e.g. 2026-11-30T12:00:00Z)");
            return;
        }
        var file = Path.GetFullPath(args[0]);
        var now = DateTimeOffset.Parse(args[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var asks = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 15;
        var settle = TimeSpan.FromSeconds(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0);

        await using var fake = new BenchBotFramework();
        foreach (var p in People) fake.Directory[p.Aad] = p.Email;
        var settings = fake.BotSettings(AppId, Tenant);
        settings["ConnectionStrings:LeadBot"] = $"Filename={file};Connection=direct";
        settings["Sla:ClaimWithin"] = "20.00:00:00";
        settings["Sla:ReassignAfter"] = "30.00:00:00";
        settings["Sla:FirstTouchWithin"] = "60.00:00:00";
        var clock = new ShiftedClock(now - TimeProvider.System.GetUtcNow());
        using var host = new BotHost(settings, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, cert, _, errors) =>
                    errors == System.Net.Security.SslPolicyErrors.None || cert?.Thumbprint == fake.Certificate.Thumbprint,
            }));
        });
        var started = Stopwatch.StartNew();
        using var client = host.Client();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"chat-reports: {file}, bot started in {started.Elapsed.TotalSeconds:N1} s, load {HttpLoad.LoadAverage()}"));
        if (settle > TimeSpan.Zero)
        {
            await Task.Delay(settle);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  asking after {settle.TotalSeconds:N0} s, load {HttpLoad.LoadAverage()}"));
        }

        var id = 0;
        // Activity ids are remembered in the store (de-duplication): a new run on the same file needs new ones.
        var run = Guid.NewGuid().ToString("N")[..8];
        (string Label, int Person, string Text)[] cases =
        [
            ("pipeline (Marta: EMEA, week)", 0, "pipeline"),
            ("pipeline quarter (admin: all teams)", 1, "pipeline quarter"),
            ("feedback (Marta: EMEA, week)", 0, "feedback"),
            ("feedback hubspot quarter (marketing)", 2, "feedback hubspot quarter"),
        ];
        var failed = 0;
        async Task<double> AskAsync(int person, string text)
        {
            var body = Message(fake, People[person], $"bench-chat-{run}-{id++}", text).ToJsonString();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fake.ChannelToken(AppId, clock.GetUtcNow()));
            var t0 = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request);
            var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK) failed++;
            // A person asks a few times a minute, not ten times a second: the bot paces replies to one conversation at Teams'
            // limits (60 per 30 s), which asks back to back would measure instead of the report.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, Spacing - ms)));
            return ms;
        }
        foreach (var (label, person, text) in cases)
        {
            // The first ask reads the buckets and pages it needs (and compiles the code); three more settle it.
            var first = await AskAsync(person, text);
            for (var i = 0; i < 3; i++) await AskAsync(person, text);
            var times = new List<double>();
            for (var i = 0; i < asks; i++) times.Add(await AskAsync(person, text));
            var sorted = times.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {label,-38} median {sorted[sorted.Count / 2],7:N1} ms  max {sorted[^1],7:N1} ms  first {first,7:N1} ms  [{string.Join(' ', times.Select(t => t.ToString("N0", CultureInfo.InvariantCulture)))}]"));
        }
        // Each ask is answered with one Connector call (a reply); each person is looked up once.
        Console.WriteLine($"  check: {id} asks, {failed} not answered 200; {fake.ConnectorCalls} Connector calls (must be {id} replies, plus up to {People.Length} member lookups); load {HttpLoad.LoadAverage()}");
    }

    /// <summary>A message in the person's 1:1 chat with the bot, shaped like tests/Reference/teams/activities' personal messages.</summary>
    private static JsonObject Message(BenchBotFramework fake, (string Aad, string Email, string Name) from, string id, string text) => new()
    {
        ["type"] = "message", ["id"] = id, ["channelId"] = "msteams", ["serviceUrl"] = fake.ServiceUrl, ["text"] = text,
        ["from"] = new JsonObject { ["id"] = "29:" + from.Aad, ["name"] = from.Name, ["aadObjectId"] = from.Aad },
        ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "LeadBot" },
        ["conversation"] = new JsonObject { ["id"] = "a:personal-" + from.Aad, ["conversationType"] = "personal", ["tenantId"] = Tenant },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
    };

    /// <summary>The system clock moved by a fixed offset: the bot lives at the seed's "now" and its timers still tick.</summary>
    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
