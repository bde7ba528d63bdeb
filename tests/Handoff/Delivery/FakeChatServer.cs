using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadBot.Tests.Handoff.Delivery;

public sealed record ReceivedPost(string MessageId, string Conversation, string Kind, string? LeadId);

/// <summary>
/// A chat platform on 127.0.0.1 that behaves like the real ones where delivery is concerned: it accepts posts,
/// answers some with 429 + Retry-After or 500 (without keeping the post), and records what it kept.
/// </summary>
public sealed class FakeChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedPost> _posts = new();
    private int _calls;

    /// <summary>Decides the answer to call number n (1-based): 200, 429 or 500.</summary>
    public Func<int, HttpStatusCode> Answer { get; set; } = _ => HttpStatusCode.OK;
    public int RetryAfterSeconds { get; set; } = 1;
    /// <summary>Every post waits for this before it is answered (a platform that is slow right now).</summary>
    public Task Gate { get; set; } = Task.CompletedTask;
    /// <summary>Posts to one conversation (an audience) wait for what this returns: one slow channel among quick ones.</summary>
    public Func<string, Task> GateOf { get; set; } = _ => Task.CompletedTask;

    private FakeChatServer(WebApplication app) => _app = app;

    public static async Task<FakeChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeChatServer(app);
        app.MapPost("/post", server.Post);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    public Uri BaseAddress { get; private set; } = null!;
    public IReadOnlyList<ReceivedPost> Posts => _posts.ToList();
    public int Calls => Volatile.Read(ref _calls);

    private async Task<IResult> Post(HttpRequest request)
    {
        var n = Interlocked.Increment(ref _calls);
        await Gate;
        var post = await JsonSerializer.DeserializeAsync<ReceivedPost>(request.Body, JsonSerializerOptions.Web);
        await GateOf(post!.Conversation);
        switch (Answer(n))
        {
            case HttpStatusCode.TooManyRequests:
                request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.StatusCode(429);
            case HttpStatusCode.InternalServerError:
                return Results.StatusCode(500);
        }
        _posts.Enqueue(post!);
        return Results.Ok(new { ok = true, ts = n.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
