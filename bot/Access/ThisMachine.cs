using System.Net;

namespace LeadBot.Access;

/// <summary>
/// "This request comes from the machine the bot runs on": a direct loopback connection, a local Host header and no
/// sign of a proxy. Reverse proxies, dev tunnels and DNS-rebinding pages all reach Kestrel from 127.0.0.1, so the
/// socket alone proves nothing; the Host header and the forwarding headers tell those apart from a local curl.
/// </summary>
public static class ThisMachine
{
    private static readonly string[] LocalHosts = ["localhost", "127.0.0.1", "[::1]", "::1"];

    // X-Original-* are what ForwardedHeadersMiddleware leaves behind once it has applied a known proxy's headers.
    private static readonly string[] ForwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Original-For", "X-Original-Host"];

    public static bool Sent(HttpContext http) => WhyNot(http) is null;

    /// <summary>Null for a request from this machine, otherwise the reason it is not (for logs and problem details).</summary>
    public static string? WhyNot(HttpContext http)
    {
        if (!IsLoopback(http.Connection.RemoteIpAddress)) return "the caller is not on this machine";
        foreach (var header in ForwardingHeaders)
            if (http.Request.Headers.ContainsKey(header)) return $"it came through a proxy or tunnel ({header} header)";
        var host = http.Request.Host.Host;
        if (!LocalHosts.Contains(host, StringComparer.OrdinalIgnoreCase)) return "its Host is not localhost, 127.0.0.1 or [::1]";
        return null;
    }

    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
