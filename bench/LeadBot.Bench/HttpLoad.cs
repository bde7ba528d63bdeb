using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LeadBot.Bench;

/// <summary>One POST of a prepared body; <see cref="Token"/> becomes the bearer token when set.</summary>
public sealed record LoadRequest(byte[] Body, string? Token);

/// <summary>Requests per second and latency percentiles of one run.</summary>
public sealed record LoadResult(string Label, int Requests, int Failures, TimeSpan Elapsed, double P50Ms, double P99Ms, double MaxMs, string Load)
{
    public double PerSecond => Requests / Elapsed.TotalSeconds;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"  {Label,-34} {PerSecond,8:N0} req/s  p50 {P50Ms,7:N1} ms  p99 {P99Ms,7:N1} ms  max {MaxMs,7:N1} ms  ({Requests:N0} in {Elapsed.TotalSeconds:N2} s, {Failures} failed, load {Load})");
}

/// <summary>
/// A closed-loop HTTP load: <c>connections</c> workers, each with one request in flight, over one HttpClient limited to as
/// many connections (HTTP/1.1, keep-alive, loopback). Latency is taken per request from send to the body read.
/// </summary>
public sealed class HttpLoad(Uri baseAddress, int connections) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<LoadResult> RunAsync(string label, string path, IReadOnlyList<LoadRequest> requests, Func<int, HttpStatusCode, string, bool> ok)
    {
        var latencies = new long[requests.Count];
        var failures = 0;
        string? firstFailure = null;
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests.Count)
            {
                var r = requests[i];
                var t0 = Stopwatch.GetTimestamp();
                using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(r.Body) };
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                if (r.Token is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", r.Token);
                using var response = await _client.SendAsync(message);
                var body = await response.Content.ReadAsStringAsync();
                latencies[i] = Stopwatch.GetTimestamp() - t0;
                if (!ok(i, response.StatusCode, body) && Interlocked.Increment(ref failures) == 1)
                    firstFailure = $"request {i}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 400)]}";
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (firstFailure is not null) Console.WriteLine("  first failure: " + firstFailure);
        Array.Sort(latencies);
        double Ms(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        return new LoadResult(label, requests.Count, failures, elapsed, Ms(0.50), Ms(0.99), Ms(1.0), LoadAverage());
    }

    /// <summary>The 1-minute load average (Linux), so every figure carries how busy the shared machine was.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    public void Dispose() => _client.Dispose();
}

/// <summary>The baseline: a minimal Kestrel app answering every POST /api/messages with 200 and a small JSON body.</summary>
public sealed class BareEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareEndpoint(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public Uri Address { get; }

    public static async Task<BareEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/api/messages", () => Results.Json(new { statusCode = 200, type = "application/json", value = "ok" }));
        await app.StartAsync();
        return new BareEndpoint(app, new Uri($"http://127.0.0.1:{new Uri(app.Urls.First()).Port}"));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
