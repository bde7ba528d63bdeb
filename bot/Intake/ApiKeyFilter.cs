using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LeadBot.Intake;

/// <summary>
/// The API-key rule shared by intake, lead lookups and exports: a configured key in X-Api-Key, or, when no key is
/// configured at all, a caller on this machine (so a newcomer's first curl works and nothing is open to the network).
/// </summary>
public sealed class ApiKeyFilter(IOptionsMonitor<IntakeOptions> options, ILogger<ApiKeyFilter> log) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var keys = options.CurrentValue.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        if (keys.Count == 0)
        {
            if (IsLoopback(http.Connection.RemoteIpAddress)) return await next(context);
            log.LogWarning("Refused {Path} from {Remote}: no Intake:ApiKeys configured, so only loopback callers are accepted", http.Request.Path, http.Connection.RemoteIpAddress);
            return Unauthorized("No API key is configured, so this endpoint only answers callers on the same machine. Configure Intake:ApiKeys.");
        }
        var presented = http.Request.Headers[Header].ToString();
        if (presented.Length > 0 && keys.Any(k => FixedTimeEquals(k, presented))) return await next(context);
        log.LogWarning("Refused {Path} from {Remote}: {Problem}", http.Request.Path, http.Connection.RemoteIpAddress, presented.Length == 0 ? "no X-Api-Key" : "unknown X-Api-Key");
        return Unauthorized(presented.Length == 0 ? $"Send your API key in the {Header} header." : "The API key is not valid.");
    }

    public static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);

    private static IResult Unauthorized(string detail) =>
        TypedResults.Problem(title: "Unauthorized", detail: detail, statusCode: StatusCodes.Status401Unauthorized);

    // Hashing first makes the comparison independent of both the content and the length of the real key.
    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
