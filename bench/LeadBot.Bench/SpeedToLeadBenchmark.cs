using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadBot.Cards;
using LeadBot.Channels.Slack;
using LeadBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LeadBot.Bench;

/// <summary>
/// Speed to lead under load, and Slack's acknowledgement at the same load. The real bot on Kestrel, Teams through the
/// local Bot Framework (JWT, Connector) and Slack through a local Web API, the real outbox dispatcher and store.
/// For <c>seconds</c>, EMEA leads arrive at <c>rate</c> per second (batches of 10 every 10 ms at 1,000/s) and pile up
/// behind the EMEA channel's pacing; every 500 ms one lead arrives alone for a channel with no backlog (Enterprise and
/// Inside Sales in turn: one a second each, below the 2 a second Teams sustains per conversation), and its time from
/// intake's 201 to the Connector call that announces it is taken. Meanwhile reps click Accept on EMEA
/// leads in Slack, 20 clicks a second, and each acknowledgement's time is taken (Slack gives up after 3 s).
/// Arguments: [rate=1000] [seconds=30] [--store=litedb|postgres].
/// </summary>
public static class SpeedToLeadBenchmark
{
    private const string AppId = "5a1c0f6e-7d4b-4c3a-9e2f-1b8d6c4a2e90";
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string EmeaChannel = "19:bench-emea@thread.tacv2", EnterpriseChannel = "19:bench-enterprise@thread.tacv2",
        InsideSalesChannel = "19:bench-inside-sales@thread.tacv2";
    private const string SlackSecret = "bench-slack-signing-secret";

    public static async Task RunAsync(string[] args)
    {
        var store = args.FirstOrDefault(a => a.StartsWith("--store=", StringComparison.Ordinal))?["--store=".Length..] ?? "litedb";
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var rate = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 1_000;
        var seconds = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 30;
        if (store != "postgres")
        {
            await RunAsync(rate, seconds, "LiteDB file, Connection=" + (Environment.GetEnvironmentVariable("BENCH_LITEDB_CONNECTION") ?? "direct"), []);
            return;
        }
        await BenchPostgres.WithDatabaseAsync(settings => RunAsync(rate, seconds, "PostgreSQL", settings));
    }

    private static async Task RunAsync(int rate, int seconds, string storeName, Dictionary<string, string?> storeSettings)
    {
        Console.WriteLine($"speed-to-lead: {rate:N0} EMEA leads/s for {seconds} s, a lead alone for a quiet channel every 500 ms, 20 Slack accepts/s; " +
            $"{Environment.ProcessorCount} cores, load {HttpLoad.LoadAverage()}, store {storeName}");
        Console.WriteLine(GcSettings.Describe());
        await using var teams = new BenchBotFramework();
        await using var slack = await BenchSlack.StartAsync();
        var settings = Settings(teams, slack);
        foreach (var (k, v) in storeSettings) settings[k] = v;
        using var host = new BotHost(settings, services => services.ConfigureHttpClientDefaults(http =>
            http.ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, cert, _, errors) =>
                    errors == System.Net.Security.SslPolicyErrors.None || cert?.Thumbprint == teams.Certificate.Thumbprint,
            })));
        var api = host.Client();
        using var bot = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        bot.DefaultRequestHeaders.Add("X-Api-Key", BotHost.ApiKey);

        // Each channel installed and subscribed by its team's manager, through /api/messages as Teams sends it.
        var token = teams.ChannelToken(AppId, TimeProvider.System.GetUtcNow());
        await Subscribe(bot, teams, token, EmeaChannel, "aad-marta", "marta.novak@contoso.com", "EMEA");
        await Subscribe(bot, teams, token, EnterpriseChannel, "aad-grace", "grace.manager@contoso.com", "Enterprise");
        await Subscribe(bot, teams, token, InsideSalesChannel, "aad-grace", "grace.manager@contoso.com", "Inside Sales");

        var announced = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var probes = new ConcurrentDictionary<string, long>(StringComparer.Ordinal); // lead id → its 201's arrival
        var perConversation = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        teams.Posted = (conversation, body, at) =>
        {
            perConversation.AddOrUpdate(conversation.Split(';')[0], 1, (_, n) => n + 1);
            if (!conversation.StartsWith(EnterpriseChannel, StringComparison.Ordinal) && !conversation.StartsWith(InsideSalesChannel, StringComparison.Ordinal)) return;
            var id = LeadIdIn(body);
            if (id is not null) announced.TryAdd(id, at);
        };

        // Warm-up: a few seconds of the same traffic, untimed (JIT), then the store is left as it is: the backlog grows on.
        await Load(bot, slack, rate, TimeSpan.FromSeconds(5), "warm", new(), new(StringComparer.Ordinal), []);
        var slackAcks = new ConcurrentBag<double>();
        var intakeLatency = new ConcurrentBag<double>();
        probes.Clear();
        announced.Clear();
        var sw = Stopwatch.StartNew();
        var sent = await Load(bot, slack, rate, TimeSpan.FromSeconds(seconds), "run", slackAcks, probes, intakeLatency);
        var elapsed = sw.Elapsed;
        // Late announcements still count: wait up to 30 s for the last probes.
        var waitUntil = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
        while (probes.Keys.Any(k => !announced.ContainsKey(k)) && Stopwatch.GetTimestamp() < waitUntil) await Task.Delay(50);

        var speed = probes.Select(p => announced.TryGetValue(p.Key, out var at) ? Math.Max(0, (at - p.Value) * 1000.0 / Stopwatch.Frequency) : double.PositiveInfinity).ToList();
        var missing = speed.Count(double.IsPositiveInfinity);
        var outbox = host.Services.GetRequiredService<ILeadStore>().OutboxStats();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  intake: {sent:N0} EMEA leads in {elapsed.TotalSeconds:N1} s = {sent / elapsed.TotalSeconds:N0} leads/s offered at {rate:N0}/s; 201 p50 {Pct(intakeLatency, 0.5):N1} ms, p99 {Pct(intakeLatency, 0.99):N1} ms; outbox afterwards: {outbox.Pending:N0} pending, {outbox.Sent:N0} sent"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  speed to lead (Enterprise and Inside Sales, no backlog), {probes.Count} leads: p50 {Pct(speed, 0.5):N1} ms, p99 {Pct(speed, 0.99):N1} ms, max {speed.Where(double.IsFinite).DefaultIfEmpty().Max():N1} ms; {missing} not announced within 30 s (target p99 ≤ 250 ms)"));
        Console.WriteLine("  Teams posts per conversation: " + string.Join(", ", perConversation.OrderByDescending(c => c.Value).Take(5).Select(c => $"{c.Key} {c.Value}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Slack accept acks, {slackAcks.Count} clicks: p50 {Pct(slackAcks, 0.5):N1} ms, p99 {Pct(slackAcks, 0.99):N1} ms, max {slackAcks.DefaultIfEmpty().Max():N1} ms (Slack's limit 3,000 ms); load {HttpLoad.LoadAverage()}"));
    }

    /// <summary>Open loop: work is started on schedule whether or not earlier requests have answered.</summary>
    private static async Task<int> Load(HttpClient bot, BenchSlack slack, int rate, TimeSpan duration, string phase,
        ConcurrentBag<double> slackAcks, ConcurrentDictionary<string, long> probes, ConcurrentBag<double> intakeLatency)
    {
        var running = new List<Task>();
        var perTick = Math.Max(1, rate / 100);
        var started = Stopwatch.GetTimestamp();
        var ticks = (int)(duration.TotalMilliseconds / 10);
        var emea = new ConcurrentQueue<string>();
        var sent = 0;
        for (var tick = 0; tick < ticks; tick++)
        {
            var due = started + (long)(tick * 0.01 * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < due) await Task.Delay(1);
            var batch = Enumerable.Range(0, perTick).Select(i => Lead($"{phase}-emea-{tick}-{i}", "EMEA", 500)).ToList();
            sent += perTick;
            running.Add(Task.Run(async () =>
            {
                var t0 = Stopwatch.GetTimestamp();
                using var response = await bot.PostAsJsonAsync("/api/leads", batch);
                intakeLatency.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.Created) return;
                foreach (var r in (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray())
                    if ((string?)r!["id"] is { } id) emea.Enqueue(id);
            }));
            if (tick % 50 == 0)
            {
                var n = tick;
                var probe = tick % 100 == 0 ? Lead($"{phase}-enterprise-{n}", "NA", 10_000) : Lead($"{phase}-inside-{n}", "APAC", 500);
                running.Add(Task.Run(async () =>
                {
                    using var response = await bot.PostAsJsonAsync("/api/leads", probe);
                    var at = Stopwatch.GetTimestamp();
                    if (response.StatusCode == HttpStatusCode.Created && (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"] is { } id)
                        probes[id] = at;
                }));
            }
            if (tick % 5 == 2 && emea.TryDequeue(out var clicked))
            {
                var n = tick;
                running.Add(Task.Run(async () =>
                {
                    var t0 = Stopwatch.GetTimestamp();
                    using var response = await SlackClick(bot, slack, clicked, n);
                    if (response.StatusCode == HttpStatusCode.OK) slackAcks.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }));
            }
        }
        await Task.WhenAll(running);
        return sent;
    }

    private static async Task Subscribe(HttpClient bot, BenchBotFramework teams, string token, string channel, string aad, string email, string team)
    {
        teams.Directory[aad] = email;
        var install = Activity(teams, aad, "conversationUpdate", channel);
        install["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "28:" + AppId });
        install["channelData"]!["eventType"] = "teamMemberAdded";
        await Post(bot, token, install);
        var mention = Activity(teams, aad, "message", channel + ";messageid=" + Guid.NewGuid().ToString("N")[..8]);
        mention["text"] = "<at>LeadBot</at> subscribe " + team;
        mention["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention", ["text"] = "<at>LeadBot</at>", ["mentioned"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "LeadBot" },
        });
        await Post(bot, token, mention);
    }

    private static async Task Post(HttpClient bot, string token, JsonObject activity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await bot.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"/api/messages answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static JsonObject Activity(BenchBotFramework teams, string aad, string type, string conversationId) => new()
    {
        ["type"] = type, ["id"] = Guid.NewGuid().ToString("N"), ["channelId"] = "msteams", ["serviceUrl"] = teams.ServiceUrl,
        ["from"] = new JsonObject { ["id"] = "29:" + aad, ["name"] = aad, ["aadObjectId"] = aad },
        ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "LeadBot" },
        ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = Tenant },
        ["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = Tenant },
            ["team"] = new JsonObject { ["id"] = "19:bench-team@thread.tacv2", ["name"] = "Sales" },
            ["channel"] = new JsonObject { ["id"] = conversationId.Split(';')[0], ["name"] = "leads" },
        },
    };

    /// <summary>A block_actions Accept click on an EMEA lead, signed with the signing secret, as Slack posts it.</summary>
    private static async Task<HttpResponseMessage> SlackClick(HttpClient bot, BenchSlack slack, string leadId, int n)
    {
        var user = n % 2 == 0 ? "U0BENCHANNA" : "U0BENCHLUCA";
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["team_id"] = "T0BENCH0001" },
            ["team"] = new JsonObject { ["id"] = "T0BENCH0001" },
            ["api_app_id"] = "A0BENCH0001",
            ["trigger_id"] = $"7262518{n:D6}.6123456789012.bench",
            ["response_url"] = slack.Url + "respond/" + n,
            ["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = "C0BENCHLEADS", ["message_ts"] = "1700000000.000100" },
            ["channel"] = new JsonObject { ["id"] = "C0BENCHLEADS" },
            ["message"] = new JsonObject { ["ts"] = "1700000000.000100" },
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "button", ["action_id"] = SlackIds.ActionAccept, ["block_id"] = SlackIds.ActionsBlock(leadId), ["value"] = leadId,
                ["action_ts"] = "1700000001.000200",
            }),
        };
        var body = Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(payload.ToJsonString()));
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/interactions") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, SlackSignature.Sign(SlackSecret, timestamp, body));
        return await bot.SendAsync(request);
    }

    private static Dictionary<string, object?> Lead(string externalId, string region, int employees) => new()
    {
        ["source"] = "bench", ["externalId"] = externalId, ["email"] = externalId + "@lead.example", ["firstName"] = "Lead", ["lastName"] = externalId,
        ["title"] = "Head of Operations", ["score"] = 90,
        ["company"] = new Dictionary<string, object?> { ["name"] = "Company " + externalId, ["industry"] = "Manufacturing", ["employees"] = employees, ["country"] = region switch { "EMEA" => "DE", "APAC" => "SG", _ => "US" }, ["region"] = region },
    };

    private static string? LeadIdIn(string body)
    {
        var at = body.IndexOf("\"" + CardData.LeadId + "\":\"", StringComparison.Ordinal);
        if (at < 0) return null;
        var start = at + CardData.LeadId.Length + 4;
        var end = body.IndexOf('"', start);
        return end > start ? body[start..end] : null;
    }

    private static double Pct(IEnumerable<double> values, double q)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }

    private static Dictionary<string, string?> Settings(BenchBotFramework teams, BenchSlack slack)
    {
        slack.Users["U0BENCHANNA"] = "anna.schmidt@contoso.com";
        slack.Users["U0BENCHLUCA"] = "luca.rossi@contoso.com";
        var s = teams.BotSettings(AppId, Tenant);
        foreach (var (k, v) in new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SlackSecret,
            ["Slack:BotToken"] = "xoxb-bench",
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
            ["Slack:TeamId"] = "T0BENCH0001",
            ["Slack:AppId"] = "A0BENCH0001",
            ["Delivery:Enabled"] = "true",
            // Room for every lead, so capacity never decides where a lead goes.
            ["Routing:Teams:0:Capacity"] = "1000000",
            ["Routing:Teams:1:Capacity"] = "1000000",
        })
            s[k] = v;
        return s;
    }
}
