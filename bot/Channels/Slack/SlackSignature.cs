using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LeadBot.Channels.Slack;

/// <summary>
/// Slack's v0 request signature: HMAC-SHA256 of "v0:{timestamp}:{raw body}" with the signing secret, and a timestamp
/// within five minutes either way, so a captured request cannot be replayed later.
/// </summary>
public sealed class SlackSignature(IOptionsMonitor<SlackOptions> options, TimeProvider clock)
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public bool IsValid(string? timestamp, string? signature, ReadOnlySpan<byte> body) =>
        options.CurrentValue.SigningSecret is { Length: > 0 } secret &&
        IsValid(secret, timestamp, signature, body, clock.GetUtcNow().ToUnixTimeSeconds());

    public static bool IsValid(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, long nowUnix)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature)) return false;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ts)) return false;
        if (Math.Abs(nowUnix - ts) > (long)Window.TotalSeconds) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        var given = Encoding.UTF8.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>"v0=" + lowercase hex HMAC; also used by tests to sign requests the way Slack does.</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }
}
