using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LeadBot.Tests.Channels.Slack;

/// <summary>One request the bot made to the fake Slack: the Web API method (or "response_url"), headers that matter, the decoded body.</summary>
public sealed record SlackCall(string Method, string? ContentType, string? Authorization, JsonObject Body)
{
    /// <summary>When the fake received it (<see cref="System.Diagnostics.Stopwatch"/> ticks, comparable with <see cref="BotRequests"/>).</summary>
    public long ReceivedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();
}

/// <summary>
/// A local stand-in for slack.com/api on Kestrel (127.0.0.1, port 0). It answers like the documented Web API (ok bodies shaped
/// on Slack's documented method responses, ok:false errors, 429 with Retry-After), records every call,
/// and can hold a method's answers back to prove the bot never waits for Slack before acknowledging. Posted messages are
/// kept per channel with their metadata, and conversations.history answers from them as Slack documents it (newest first,
/// oldest/latest/inclusive, limit + cursor, metadata only with include_all_metadata). Message ts are real times
/// (seconds.microseconds on the system clock, unique and increasing), as Slack's are; chat.update answers
/// message_not_found for a message it never posted.
/// </summary>
public sealed class FakeSlack : IAsyncDisposable
{
    public const string Token = "xoxb-test-token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SlackCall> _calls = new();
    private readonly List<(string Method, Func<JsonObject, bool> When, Func<HttpContext, Task> Answer)> _script = [];
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();
    private readonly List<(string Method, Func<SlackCall, bool> Where, TaskCompletionSource<SlackCall> Made)> _waiters = [];
    private readonly ConcurrentDictionary<string, List<JsonObject>> _history = new();
    private int _ts;
    private long _lastMicros;

    private FakeSlack(WebApplication app) => _app = app;

    /// <summary>Workspace members: user id → (email, real name). users.info and users.lookupByEmail answer from here.</summary>
    public ConcurrentDictionary<string, (string Email, string Name)> Users { get; } = new();

    public string Url { get; private set; } = "";
    public string ApiBaseUrl => Url + "api/";
    public string ResponseUrl(string id) => Url + "respond/" + id;

    public static async Task<FakeSlack> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var fake = new FakeSlack(builder.Build());
        fake._app.MapPost("/api/{method}", fake.WebApiAsync);
        fake._app.MapPost("/respond/{id}", fake.RespondAsync);
        await fake._app.StartAsync();
        fake.Url = fake._app.Urls.First().TrimEnd('/') + "/";
        return fake;
    }

    public IReadOnlyList<SlackCall> Calls() => _calls.ToList();
    public IReadOnlyList<SlackCall> Calls(string method) => _calls.Where(c => c.Method == method).ToList();

    /// <summary>Completes with the first call of <paramref name="method"/> (matching <paramref name="where"/>), made already or still to come.</summary>
    public Task<SlackCall> FirstCallAsync(string method, Func<SlackCall, bool>? where = null)
    {
        where ??= _ => true;
        lock (_waiters)
        {
            if (Calls(method).FirstOrDefault(where) is { } made) return Task.FromResult(made);
            var waiter = new TaskCompletionSource<SlackCall>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((method, where, waiter));
            return waiter.Task;
        }
    }

    /// <summary>The next call of <paramref name="method"/> (for this channel, if given) answers HTTP 200 {ok:false, error}.</summary>
    public void Fail(string method, string error, string? channel = null) =>
        Next(method, c => c.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = error }),
            channel is null ? null : body => (string?)body["channel"] == channel);

    /// <summary>The next call answers 429 with Retry-After, like error.ratelimited.http.json.</summary>
    public void RateLimit(string method, int retryAfterSeconds) => Next(method, c =>
    {
        c.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        c.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return c.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = "ratelimited" });
    });

    public void ServerError(string method) => Next(method, c => { c.Response.StatusCode = 503; return Task.CompletedTask; });

    /// <summary>Calls of <paramref name="method"/> are recorded at once but answered only after <see cref="Release"/>.</summary>
    public void Hold(string method) => _holds[method] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(string method)
    {
        if (_holds.TryRemove(method, out var hold)) hold.TrySetResult();
    }

    private void Next(string method, Func<HttpContext, Task> answer, Func<JsonObject, bool>? when = null)
    {
        lock (_script) _script.Add((method, when ?? (_ => true), answer));
    }

    private Func<HttpContext, Task>? Scripted(string method, JsonObject body)
    {
        lock (_script)
        {
            var i = _script.FindIndex(x => x.Method == method && x.When(body));
            if (i < 0) return null;
            var answer = _script[i].Answer;
            _script.RemoveAt(i);
            return answer;
        }
    }

    private async Task WebApiAsync(HttpContext context, string method)
    {
        var body = await ReadAsync(context.Request);
        Record(new SlackCall(method, context.Request.ContentType, context.Request.Headers.Authorization, body));
        if (_holds.TryGetValue(method, out var hold)) await hold.Task;
        if (Scripted(method, body) is { } scripted) { await scripted(context); return; }
        if (context.Request.Headers.Authorization != "Bearer " + Token) { await Answer(context, Error("invalid_auth")); return; }
        await Answer(context, Default(method, body, context.Request.ContentType));
    }

    private async Task RespondAsync(HttpContext context, string id)
    {
        Record(new SlackCall("response_url:" + id, context.Request.ContentType, context.Request.Headers.Authorization, await ReadAsync(context.Request)));
        await context.Response.WriteAsync("ok");
    }

    private void Record(SlackCall call)
    {
        lock (_waiters)
        {
            _calls.Enqueue(call);
            foreach (var (_, _, made) in _waiters.Where(w => w.Method == call.Method && w.Where(call))) made.TrySetResult(call);
            _waiters.RemoveAll(w => w.Made.Task.IsCompleted);
        }
    }

    private JsonObject Default(string method, JsonObject body, string? contentType)
    {
        string? Arg(string name) => (string?)body[name];
        switch (method)
        {
            case "chat.postMessage":
                var ts = NextTs();
                var posted = Ok(("channel", Arg("channel")), ("ts", ts));
                posted["message"] = new JsonObject { ["type"] = "message", ["ts"] = ts, ["text"] = Arg("text"), ["blocks"] = body["blocks"]?.DeepClone() };
                var kept = (JsonObject)posted["message"]!.DeepClone();
                if (body["metadata"] is JsonObject metadata) kept["metadata"] = metadata.DeepClone();
                var channelHistory = _history.GetOrAdd(Arg("channel") ?? "", _ => []);
                lock (channelHistory) channelHistory.Add(kept);
                // Real Slack flags JSON without a charset this way (chat.postMessage.ok_with_warning_missing_charset.json).
                if (contentType is not null && contentType.StartsWith("application/json", StringComparison.Ordinal) && !contentType.Contains("charset", StringComparison.Ordinal))
                    posted["warning"] = "missing_charset";
                return posted;
            case "chat.update":
                // Slack updates only a message that exists in that channel: anything else is message_not_found.
                if (!_history.TryGetValue(Arg("channel") ?? "", out var messages)) return Error("message_not_found");
                lock (messages)
                {
                    if (messages.FirstOrDefault(m => (string?)m["ts"] == Arg("ts")) is not { } message) return Error("message_not_found");
                    message["text"] = Arg("text");
                    if (body["blocks"] is { } blocks) message["blocks"] = blocks.DeepClone();
                }
                return Ok(("channel", Arg("channel")), ("ts", Arg("ts")), ("text", Arg("text")));
            case "chat.postEphemeral":
                return Ok(("message_ts", $"1764493300.{Interlocked.Increment(ref _ts):D6}"));
            case "views.open" or "views.publish":
                var view = Ok();
                view["view"] = new JsonObject { ["id"] = "V" + Interlocked.Increment(ref _ts), ["type"] = (string?)body["view"]?["type"] };
                return view;
            case "conversations.open":
                var user = Arg("users") ?? "";
                var dm = Ok();
                dm["channel"] = new JsonObject { ["id"] = "D" + user.TrimStart('U', 'W') };
                return dm;
            case "conversations.history":
                return History(body);
            case "users.info":
                return Users.TryGetValue(Arg("user") ?? "", out var u) ? UserAnswer(Arg("user")!, u) : Error("user_not_found");
            case "users.lookupByEmail":
                var match = Users.FirstOrDefault(kv => string.Equals(kv.Value.Email, Arg("email"), StringComparison.OrdinalIgnoreCase));
                return match.Key is null ? Error("users_not_found") : UserAnswer(match.Key, match.Value);
            default:
                return Error("unknown_method");
        }
    }

    /// <summary>A unique, increasing ts from the system clock, like Slack's (seconds.microseconds).</summary>
    private string NextTs()
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        long micros, last;
        do
        {
            last = Interlocked.Read(ref _lastMicros);
            micros = Math.Max(now, last + 1);
        }
        while (Interlocked.CompareExchange(ref _lastMicros, micros, last) != last);
        return $"{micros / 1_000_000}.{micros % 1_000_000:D6}";
    }

    private static decimal TsValue(string? ts) => decimal.Parse(ts ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    private JsonObject History(JsonObject body)
    {
        string? Arg(string name) => (string?)body[name];
        var inclusive = Arg("inclusive") is "true" or "1";
        var oldest = Arg("oldest") is { } o ? TsValue(o) : decimal.MinValue;
        var latest = Arg("latest") is { } l ? TsValue(l) : decimal.MaxValue;
        var limit = int.TryParse(Arg("limit"), out var n) && n > 0 ? Math.Min(n, 999) : 100;
        var skip = int.TryParse(Arg("cursor"), out var c) ? c : 0;
        if (!_history.TryGetValue(Arg("channel") ?? "", out var all)) return Error("channel_not_found");
        List<JsonObject> inRange;
        lock (all)
            inRange = all.Where(m => TsValue((string?)m["ts"]) is var t && (inclusive ? t >= oldest && t <= latest : t > oldest && t < latest))
                .OrderByDescending(m => TsValue((string?)m["ts"])).ToList();
        var page = inRange.Skip(skip).Take(limit).Select(m =>
        {
            var copy = (JsonObject)m.DeepClone();
            if (Arg("include_all_metadata") is not ("true" or "1")) copy.Remove("metadata");
            return (JsonNode)copy;
        }).ToArray();
        var more = skip + page.Length < inRange.Count;
        var answer = Ok();
        answer["messages"] = new JsonArray(page);
        answer["has_more"] = more;
        answer["pin_count"] = 0;
        answer["response_metadata"] = new JsonObject { ["next_cursor"] = more ? (skip + page.Length).ToString(System.Globalization.CultureInfo.InvariantCulture) : "" };
        return answer;
    }

    private static JsonObject UserAnswer(string id, (string Email, string Name) user)
    {
        var answer = Ok();
        answer["user"] = new JsonObject
        {
            ["id"] = id, ["name"] = user.Email.Split('@')[0], ["real_name"] = user.Name, ["is_bot"] = false,
            ["profile"] = new JsonObject { ["real_name"] = user.Name, ["email"] = user.Email },
        };
        return answer;
    }

    private static JsonObject Ok(params (string Key, string? Value)[] fields)
    {
        var o = new JsonObject { ["ok"] = true };
        foreach (var (k, v) in fields) o[k] = v;
        return o;
    }

    private static JsonObject Error(string error) => new() { ["ok"] = false, ["error"] = error };

    private static Task Answer(HttpContext context, JsonObject body) => context.Response.WriteAsJsonAsync(body);

    private static async Task<JsonObject> ReadAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            var o = new JsonObject();
            foreach (var (k, v) in form) o[k] = v.ToString();
            return o;
        }
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) as JsonObject ?? new JsonObject();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hold in _holds.Values) hold.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
