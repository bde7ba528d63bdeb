using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace LeadBot.Tests.Channels.Slack;

/// <summary>
/// When each request reached the bot's server and when its response started, measured inside the bot's pipeline:
/// Slack's 3-second limits run from when Slack's request arrives, so that is where a test that bounds them measures,
/// not around a test client that also counts its own scheduling.
/// </summary>
public sealed class BotRequests : IStartupFilter
{
    private readonly ConcurrentQueue<(string Path, long Arrived, long Answered)> _seen = new();

    public IReadOnlyList<(string Path, long Arrived, long Answered)> Seen => _seen.ToList();

    public (string Path, long Arrived, long Answered) Last(string path) => Seen.Last(r => r.Path == path);

    public static TimeSpan Between(long from, long to) => Stopwatch.GetElapsedTime(from, to);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, call) =>
        {
            var arrived = Stopwatch.GetTimestamp();
            var answered = 0L;
            context.Response.OnStarting(() => { answered = Stopwatch.GetTimestamp(); return Task.CompletedTask; });
            try { await call(context); }
            finally { _seen.Enqueue((context.Request.Path.Value ?? "", arrived, answered == 0 ? Stopwatch.GetTimestamp() : answered)); }
        });
        next(app);
    };
}
