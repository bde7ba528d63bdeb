using System.Text;
using System.Text.Json.Nodes;
using LeadBot.Access;
using LeadBot.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace LeadBot.Channels.Slack;

/// <summary>
/// The first steps of every request from Slack: read the raw bytes, verify the signature over exactly those bytes
/// (before any parsing), and remember ids so that Slack's retries and replays are processed once.
/// </summary>
public sealed class SlackInbound(SlackSignature signature, IDocumentBags store, IOptionsMonitor<SlackOptions> options, TimeProvider clock, ILogger<SlackInbound> log)
{
    // Slack's payloads are a few kilobytes; a modal submission with every block echoed stays far below this.
    private const int MaxBody = 1024 * 1024;
    private static readonly TimeSpan RememberFor = TimeSpan.FromDays(1);

    /// <summary>The verified body, or null (answer 401) when the signature or timestamp is wrong.</summary>
    public async Task<byte[]?> ReadVerifiedAsync(HttpRequest request, CancellationToken ct) =>
        await ReadAsync(request, ct) is { } body && IsSigned(request, body) ? body : null;

    /// <summary>The raw body, unverified; null when it is larger than any Slack payload.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBody) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBody) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public bool IsSigned(HttpRequest request, byte[] body)
    {
        var ok = signature.IsValid(request.Headers[SlackSignature.TimestampHeader], request.Headers[SlackSignature.SignatureHeader], body);
        if (!ok) log.LogWarning("Refused a Slack request to {Path}: bad signature or stale timestamp", request.Path);
        return ok;
    }

    /// <summary>
    /// False (answer 403) when Slack:TeamId or Slack:AppId is set and a signed request names another workspace or app, or
    /// none: the same signing secret signs for every workspace a distributed app is installed in.
    /// </summary>
    /// <param name="teams">The workspace and, on Enterprise Grid, the organisation the request names; either may match.</param>
    public bool ForThisApp(HttpRequest request, string? app, params string?[] teams)
    {
        var o = options.CurrentValue;
        var appOk = string.IsNullOrEmpty(o.AppId) || app == o.AppId;
        var teamOk = string.IsNullOrEmpty(o.TeamId) || teams.Contains(o.TeamId, StringComparer.Ordinal);
        if (appOk && teamOk) return true;
        log.LogWarning("Refused a signed Slack request to {Path} for app {App} in workspace {Team}: this bot serves app {OurApp} in {OurTeam}",
            request.Path, Logged.Truncate(app), Logged.Truncate(teams.FirstOrDefault(t => t is not null)), o.AppId ?? "(any)", o.TeamId ?? "(any)");
        return false;
    }

    /// <summary>True the first time; false for a retry or a replay of something already handled.</summary>
    public bool FirstTime(string kind, string? id)
    {
        if (string.IsNullOrEmpty(id)) return true;
        var first = store.TryMarkOnce($"slack:{kind}:{id}", clock.GetUtcNow(), RememberFor);
        if (!first) log.LogInformation("Slack {Kind} {Id} was already handled; ignoring the repeat", kind, id);
        return first;
    }

    public static Dictionary<string, string> Form(byte[] body) =>
        QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);

    public static JsonObject? Json(string text)
    {
        try { return JsonNode.Parse(text) as JsonObject; }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
