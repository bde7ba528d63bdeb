using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadBot.Tests.Webhooks;

/// <param name="Valid">The signature checked out, computed here as docs/webhooks.md tells a receiver to (not with LeadBot's code).</param>
public sealed record ReceivedEvent(string EventId, string Type, long Timestamp, bool Valid, JsonObject Body, int Answered);

/// <summary>
/// A webhook receiver on 127.0.0.1 (real Kestrel): verifies each request's signature, records it, and answers as told:
/// a status per call, a hang until released (a slow receiver), or a dropped connection (a dead one).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedEvent> _calls = new();
    private int _count;

    private WebhookReceiver(WebApplication app, string secret) => (_app, Secret) = (app, secret);

    public string Secret { get; }
    public string Url { get; private set; } = "";
    /// <summary>The answer to call number n (1-based).</summary>
    public Func<int, int> Status { get; set; } = _ => 200;
    public string? RetryAfter { get; set; }
    /// <summary>Drops every connection without an answer, as a crashed receiver behind a proxy would.</summary>
    public bool Dead { get; set; }
    /// <summary>While set, requests wait for it before answering.</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Every call, including refused ones.</summary>
    public IReadOnlyList<ReceivedEvent> Calls => _calls.ToList();
    /// <summary>Events the receiver accepted (answered 2xx).</summary>
    public IReadOnlyList<ReceivedEvent> Accepted => _calls.Where(c => c.Answered is >= 200 and < 300).ToList();

    public static async Task<WebhookReceiver> StartAsync(string secret = "whsec-test-0123456789abcdef")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secret);
        app.MapPost("/hooks/leadbot", receiver.Receive);
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks/leadbot";
        return receiver;
    }

    private async Task Receive(HttpContext context)
    {
        if (Dead)
        {
            context.Abort();
            return;
        }
        if (Hold is { } hold) await hold.Task;
        var request = context.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var timestamp = request.Headers["X-LeadBot-Timestamp"].ToString();
        var signature = request.Headers["X-LeadBot-Signature"].ToString();
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
        var valid = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(signature));
        var json = JsonNode.Parse(body)!.AsObject();
        var n = Interlocked.Increment(ref _count);
        var status = Status(n);
        _calls.Enqueue(new ReceivedEvent(request.Headers["X-LeadBot-Event-Id"].ToString(), (string)json["type"]!, long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), valid, json, status));
        if (RetryAfter is { } after) context.Response.Headers.RetryAfter = after;
        context.Response.StatusCode = status;
    }

    public async ValueTask DisposeAsync()
    {
        Hold?.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
