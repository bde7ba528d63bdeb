using System.Text;
using System.Text.Json.Nodes;
using LeadBot.Storage;
using Microsoft.AspNetCore.WebUtilities;

namespace LeadBot.Channels.Slack;

/// <summary>
/// The first steps of every request from Slack: read the raw bytes, verify the signature over exactly those bytes
/// (before any parsing), and remember ids so that Slack's retries and replays are processed once.
/// </summary>
public sealed class SlackInbound(SlackSignature signature, IDocumentBags store, TimeProvider clock, ILogger<SlackInbound> log)
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
