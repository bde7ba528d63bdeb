using System.Net;
using Microsoft.Extensions.Options;

namespace LeadBot.Access;

/// <summary>
/// The reverse proxies whose X-Forwarded-For / -Proto / -Host headers are believed (section "ForwardedHeaders").
/// Empty (the default): no forwarded header is believed from anyone, and a request carrying one is never "this machine".
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of the proxies, e.g. "10.0.0.4" or "::1".</summary>
    public List<string> KnownProxies { get; set; } = [];
    /// <summary>Networks the proxies live in, in CIDR notation, e.g. "10.0.0.0/24".</summary>
    public List<string> KnownNetworks { get; set; } = [];
    /// <summary>How many proxies deep to read X-Forwarded-For (1: only the entry the nearest proxy added).</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool Configured => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}

internal sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions o)
    {
        var errors = new List<string>();
        foreach (var p in o.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            errors.Add($"ForwardedHeaders:KnownProxies has '{p}', which is not an IP address (e.g. 10.0.0.4).");
        foreach (var n in o.KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
            errors.Add($"ForwardedHeaders:KnownNetworks has '{n}', which is not a network in CIDR notation (e.g. 10.0.0.0/24).");
        if (o.ForwardLimit is < 1 or > 10) errors.Add($"ForwardedHeaders:ForwardLimit must be between 1 and 10 (the number of proxies in front of the bot); it is {o.ForwardLimit}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions o) =>
        o.Problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(o.Problems);
}
