using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadBot.Cards;
using Microsoft.Extensions.Options;

namespace LeadBot.Channels.Slack;

/// <summary>A Slack user as users.info / users.lookupByEmail describe them (email needs the users:read.email scope).</summary>
public sealed record SlackUser(string Id, string? Email, string? Name);

/// <summary>Where chat.postMessage put a message; channel + ts is what chat.update needs later.</summary>
public sealed record SlackPosted(string Channel, string Ts);

/// <summary>
/// The handful of Web API methods LeadBot calls, over plain HTTP with the bot token. Every <c>ok:false</c> is logged with
/// the method and Slack's error code and thrown as <see cref="SlackApiException"/>; a 429 blocks the method until Retry-After.
/// </summary>
public sealed class SlackWebApi(IHttpClientFactory clients, IOptionsMonitor<SlackOptions> options, SlackPacer pacer, ILogger<SlackWebApi> log)
{
    public const string HttpClientName = "slack";
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(30);

    public async Task<SlackPosted> PostMessageAsync(string channel, SlackMessage message, string? threadTs, CancellationToken ct)
    {
        ThrowIfLimited("chat.postMessage");
        await pacer.WaitTurnAsync(channel, ct);
        var body = Message(message);
        body["channel"] = channel;
        if (threadTs is not null) body["thread_ts"] = threadTs;
        // Lead cards carry company domains; unfurling them would add previews nobody asked for.
        body["unfurl_links"] = false;
        body["unfurl_media"] = false;
        var answer = await CallAsync("chat.postMessage", body, ct);
        return new((string?)answer["channel"] ?? channel, (string?)answer["ts"] ?? throw Malformed("chat.postMessage", "ts"));
    }

    public async Task UpdateAsync(string channel, string ts, SlackMessage message, CancellationToken ct)
    {
        var body = Message(message);
        body["channel"] = channel;
        body["ts"] = ts;
        await CallAsync("chat.update", body, ct);
    }

    public async Task PostEphemeralAsync(string channel, string user, SlackMessage message, CancellationToken ct)
    {
        var body = Message(message);
        body["channel"] = channel;
        body["user"] = user;
        await CallAsync("chat.postEphemeral", body, ct);
    }

    public async Task OpenViewAsync(string triggerId, JsonObject view, CancellationToken ct) =>
        await CallAsync("views.open", new JsonObject { ["trigger_id"] = triggerId, ["view"] = view }, ct);

    public async Task PublishViewAsync(string userId, JsonObject view, CancellationToken ct) =>
        await CallAsync("views.publish", new JsonObject { ["user_id"] = userId, ["view"] = view }, ct);

    /// <summary>The DM channel (D…) between the bot and the user; opening an open one is a no-op.</summary>
    public async Task<string> OpenDmAsync(string userId, CancellationToken ct)
    {
        var answer = await CallAsync("conversations.open", new JsonObject { ["users"] = userId }, ct);
        return (string?)answer["channel"]?["id"] ?? throw Malformed("conversations.open", "channel.id");
    }

    public async Task<SlackUser> UserInfoAsync(string userId, CancellationToken ct) =>
        User(await CallFormAsync("users.info", new() { ["user"] = userId }, ct), "users.info");

    /// <summary>Null when no member of the workspace has this email (users_not_found).</summary>
    public async Task<SlackUser?> LookupByEmailAsync(string email, CancellationToken ct)
    {
        try
        {
            return User(await CallFormAsync("users.lookupByEmail", new() { ["email"] = email }, ct), "users.lookupByEmail");
        }
        catch (SlackApiException e) when (e.Error == "users_not_found")
        {
            return null;
        }
    }

    /// <summary>Posts to a response_url from a slash command or button click (no token: the URL itself is the credential).</summary>
    public async Task RespondAsync(string responseUrl, JsonObject body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, responseUrl) { Content = Json(body) };
        using var response = await Http().SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            log.LogWarning("Slack response_url answered {Status}", (int)response.StatusCode);
            throw new SlackApiException("response_url", $"http_{(int)response.StatusCode}");
        }
    }

    // A client per call from the factory: this class is a singleton, and pooled handlers still follow DNS changes.
    private HttpClient Http() => clients.CreateClient(HttpClientName);

    private static JsonObject Message(SlackMessage message) => message.ToPayload();

    private Task<JsonObject> CallAsync(string method, JsonObject body, CancellationToken ct) => SendAsync(method, Json(body), ct);

    // Slack's read methods take form arguments; JSON bodies are only promised for write methods.
    private Task<JsonObject> CallFormAsync(string method, Dictionary<string, string> args, CancellationToken ct) =>
        SendAsync(method, new FormUrlEncodedContent(args), ct);

    private async Task<JsonObject> SendAsync(string method, HttpContent content, CancellationToken ct)
    {
        ThrowIfLimited(method);
        var o = options.CurrentValue;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(o.ApiBaseUrl), method)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.BotToken);
        HttpResponseMessage response;
        try
        {
            response = await Http().SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            log.LogWarning(e, "Slack {Method} could not be reached", method);
            throw new SlackApiException(method, "connection_failed", inner: e);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? DefaultRetryAfter;
                pacer.Limited(method, wait);
                log.LogWarning("Slack {Method} rate limited; retry after {Seconds}s", method, wait.TotalSeconds);
                throw new SlackApiException(method, "ratelimited", wait);
            }
            if (!response.IsSuccessStatusCode)
            {
                log.LogWarning("Slack {Method} answered HTTP {Status}", method, (int)response.StatusCode);
                throw new SlackApiException(method, $"http_{(int)response.StatusCode}");
            }
            JsonObject answer;
            try
            {
                answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject ?? throw Malformed(method, "body");
            }
            catch (JsonException e)
            {
                throw new SlackApiException(method, "invalid_response", inner: e);
            }
            if (answer["ok"]?.GetValueKind() != JsonValueKind.True)
            {
                var error = (string?)answer["error"] ?? "unknown_error";
                log.LogWarning("Slack {Method} failed: {Error} {Details}", method, error, Details(answer));
                throw new SlackApiException(method, error);
            }
            if ((string?)answer["warning"] is { } warning) log.LogInformation("Slack {Method} warning: {Warning}", method, warning);
            return answer;
        }
    }

    private void ThrowIfLimited(string method)
    {
        if (pacer.LimitedFor(method) is { } left) throw new SlackApiException(method, "ratelimited", left);
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static SlackUser User(JsonObject answer, string method)
    {
        var user = answer["user"] ?? throw Malformed(method, "user");
        var name = (string?)user["profile"]?["real_name"] is { Length: > 0 } real ? real : (string?)user["real_name"] ?? (string?)user["name"];
        return new((string?)user["id"] ?? throw Malformed(method, "user.id"), (string?)user["profile"]?["email"], name);
    }

    // invalid_blocks says which block broke, missing_scope which scope to add: worth having in the log line.
    private static string Details(JsonObject answer) =>
        string.Join(" ", new[] { answer["needed"] is { } n ? $"needed={n}" : null, answer["errors"]?.ToJsonString(), answer["response_metadata"]?.ToJsonString() }
            .OfType<string>());

    private static SlackApiException Malformed(string method, string field) => new(method, $"invalid_response (no {field})");
}
