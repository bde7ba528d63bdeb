using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using LeadBot.Channels;
using LeadBot.Handoff.Delivery;
using LeadBot.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadBot.Bench;

/// <summary>
/// A burst of leads routed to N team channels of a fake platform that allows R posts per second per channel (429 +
/// Retry-After above it). Measures the time from the first intake call to the last announcement against the ideal
/// leads / (N × R). Options: --leads 10000 --channels 10 --rate 5.
/// </summary>
public static class DeliveryBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var leads = Arg(args, "--leads", 10_000);
        var channels = Arg(args, "--channels", 10);
        var rate = Arg(args, "--rate", 5);
        await using var platform = await RateLimitedPlatform.StartAsync(rate);
        var settings = new Dictionary<string, string?>
        {
            ["Routing:Fallback"] = $"T{channels - 1}", ["Sla:ClaimWithin"] = "10.00:00:00", ["Sla:ReassignAfter"] = "20.00:00:00",
        };
        for (var i = 0; i < channels; i++)
        {
            // Overrides the example teams in appsettings.json too: every team matches one campaign, EMEA, any size.
            settings[$"Routing:Teams:{i}:Name"] = $"T{i}";
            settings[$"Routing:Teams:{i}:Mode"] = "claim";
            settings[$"Routing:Teams:{i}:Match:Regions:0"] = "EMEA";
            settings[$"Routing:Teams:{i}:Match:Campaigns:0"] = $"c{i}";
            settings[$"Routing:Teams:{i}:Match:MinEmployees"] = "";
            settings[$"Routing:Teams:{i}:Members:0:Email"] = $"rep{i}@contoso.com";
        }
        using var bot = new BotHost(settings, s => s.AddSingleton<IChannelDelivery>(sp =>
            new PacedChannel(platform.BaseAddress, rate, sp.GetRequiredService<ILeadStore>())));
        var client = bot.Client();

        var started = Stopwatch.GetTimestamp();
        var watch = Stopwatch.StartNew();
        const int batch = 500;
        for (var start = 0; start < leads; start += batch)
        {
            var body = Enumerable.Range(start, Math.Min(batch, leads - start)).Select(Lead).ToList();
            var response = await client.PostAsJsonAsync("/api/leads", body);
            if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"intake answered {(int)response.StatusCode}");
        }
        var intake = watch.Elapsed;
        while (platform.Received < leads)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(leads / (double)(channels * rate) * 3 + 60)) throw new TimeoutException($"only {platform.Received} of {leads} arrived");
            await Task.Delay(50);
        }
        var last = Stopwatch.GetElapsedTime(started, platform.LastAt);
        var ideal = TimeSpan.FromSeconds(leads / (double)(channels * rate));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"delivery: {leads} leads, {channels} channels at {rate}/s each; intake {intake.TotalSeconds:F1} s; last announcement after {last.TotalSeconds:F1} s; " +
            $"ideal {ideal.TotalSeconds:F1} s; achieved {leads / last.TotalSeconds:F1} msg/s = {ideal / last:P1} of the allowed rate; 429s {platform.Throttled}; duplicates {platform.Duplicates}"));
    }

    private static int Arg(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    private static Dictionary<string, object?> Lead(int i) => new()
    {
        ["source"] = "bench", ["externalId"] = $"d-{i}", ["email"] = $"d{i}@nordwind.example", ["firstName"] = "Ingrid", ["lastName"] = $"Larsen {i}",
        ["company"] = new Dictionary<string, object?> { ["name"] = "Nordwind", ["industry"] = "Logistics", ["employees"] = 850, ["country"] = "NO", ["region"] = "EMEA" },
        ["score"] = 86, ["campaign"] = $"c{i % 10}",
    };

    /// <summary>Like the real channel clients: one pacer per conversation (the audience stands for it), and a delivery record per post.</summary>
    internal sealed class PacedChannel(Uri platform, int rate, ILeadStore store) : IChannelDelivery, IDisposable
    {
        public void Dispose() => _http.Dispose();

        private readonly HttpClient _http = new() { BaseAddress = platform };
        private readonly Deliveries _deliveries = new(store);
        private readonly ConcurrentDictionary<string, Pacer> _pacers = new();

        public string Platform => "bench";

        public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken ct)
        {
            var conversation = message.Audience;
            if (_deliveries.Find(message.LeadId!, Platform, conversation, message.Kind) is not null) return new DeliveryResult(0, 1, false);
            await _pacers.GetOrAdd(conversation, _ => new Pacer(TimeSpan.FromSeconds(1.0 / rate))).WaitAsync(ct);
            using var response = await _http.PostAsJsonAsync("/post", new { id = message.Id, conversation }, ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) throw new DeliveryException("429", response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
            response.EnsureSuccessStatusCode();
            _deliveries.Record(new PostedCard(message.LeadId!, Platform, conversation, message.Id, message.Kind, DateTimeOffset.UnixEpoch));
            return new DeliveryResult(1, 0, false);
        }
    }

    private sealed class Pacer(TimeSpan spacing)
    {
        private readonly Lock _gate = new();
        private long _next = Stopwatch.GetTimestamp();

        public Task WaitAsync(CancellationToken ct)
        {
            long slot;
            lock (_gate)
            {
                slot = Math.Max(_next, Stopwatch.GetTimestamp());
                _next = slot + (long)(spacing.TotalSeconds * Stopwatch.Frequency);
            }
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), slot);
            return wait > TimeSpan.Zero ? Task.Delay(wait, ct) : Task.CompletedTask;
        }
    }

    /// <summary>Allows <c>rate</c> posts per second per conversation (a bucket of one second's worth); above it answers 429.</summary>
    internal sealed class RateLimitedPlatform : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, byte> _seen = new();
        private readonly ConcurrentDictionary<string, (double Tokens, long At)> _buckets = new();
        private readonly int _rate;
        private long _lastAt;
        private int _received, _throttled, _duplicates;

        private RateLimitedPlatform(WebApplication app, int rate) => (_app, _rate) = (app, rate);

        public Uri BaseAddress { get; private set; } = null!;
        public int Received => Volatile.Read(ref _received);
        public int Throttled => Volatile.Read(ref _throttled);
        public int Duplicates => Volatile.Read(ref _duplicates);
        /// <summary>Stopwatch timestamp of the last post accepted.</summary>
        public long LastAt => Interlocked.Read(ref _lastAt);

        public static async Task<RateLimitedPlatform> StartAsync(int rate)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var platform = new RateLimitedPlatform(app, rate);
            app.MapPost("/post", platform.Post);
            await app.StartAsync();
            platform.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return platform;
        }

        private sealed record PostBody(string Id, string Conversation);

        private async Task<IResult> Post(HttpRequest request)
        {
            var post = (await request.ReadFromJsonAsync<PostBody>())!;
            var now = Stopwatch.GetTimestamp();
            var allowed = false;
            _buckets.AddOrUpdate(post.Conversation, _ => { allowed = true; return (_rate - 1, now); }, (_, b) =>
            {
                var tokens = Math.Min(_rate, b.Tokens + Stopwatch.GetElapsedTime(b.At, now).TotalSeconds * _rate);
                allowed = tokens >= 1;
                return (allowed ? tokens - 1 : tokens, now);
            });
            if (!allowed)
            {
                Interlocked.Increment(ref _throttled);
                request.HttpContext.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(429);
            }
            if (!_seen.TryAdd(post.Id, 0)) Interlocked.Increment(ref _duplicates);
            else Interlocked.Increment(ref _received);
            Interlocked.Exchange(ref _lastAt, now);
            return Results.Ok(new { ok = true });
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
