using System.Security.Cryptography;
using System.Text;

namespace LeadBot.Webhooks;

/// <summary>
/// <c>X-LeadBot-Signature: v1=&lt;hex HMAC-SHA256 of "{timestamp}.{body}"&gt;</c>. The timestamp is inside the signed text
/// so a captured request cannot be replayed later with a fresh timestamp; the "v1=" prefix leaves room for a second
/// scheme (or a second secret during rotation) without breaking receivers.
/// </summary>
public static class WebhookSignature
{
    public const string EventIdHeader = "X-LeadBot-Event-Id";
    public const string TimestampHeader = "X-LeadBot-Timestamp";
    public const string SignatureHeader = "X-LeadBot-Signature";
    public const string EventTypeHeader = "X-LeadBot-Event";

    public static string Sign(string secret, long timestamp, string body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    /// <summary>What a receiver does: recompute and compare in constant time. Used by the tests as a receiver would.</summary>
    public static bool IsValid(string secret, string? timestamp, string body, string? signature) =>
        long.TryParse(timestamp, out var ts) && signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, ts, body)), Encoding.ASCII.GetBytes(signature));
}
