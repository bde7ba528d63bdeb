using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LeadBot.Access;

/// <summary>Why a request was refused: 401 (no or unknown key, or not this machine) or 403 (a key without the scope).</summary>
public sealed record Refusal(int Status, string Detail, string LogReason);

/// <summary>
/// The one rule every HTTP surface uses: with API keys configured, a key in X-Api-Key that holds the scope; with none
/// configured at all, a request from this machine (<see cref="ThisMachine"/>), so a newcomer's first curl works and
/// nothing is open to the network.
/// </summary>
public sealed class AccessRule(IOptionsMonitor<ApiKeyOptions> options)
{
    public const string Header = "X-Api-Key";

    public bool KeysConfigured => options.CurrentValue.Keys.Count > 0;

    public bool Allows(HttpContext http, string scope) => Check(http, scope) is null;

    /// <summary>
    /// Who may see operational detail (people on the roster, parked messages, store errors) on otherwise anonymous
    /// pages such as /healthz: this machine, or a key with the admin scope.
    /// </summary>
    public bool MaySeeOperations(HttpContext http) => ThisMachine.Sent(http) || (KeysConfigured && Allows(http, ApiScopes.Admin));

    /// <summary>Null when the request may use <paramref name="scope"/>, otherwise why not.</summary>
    public Refusal? Check(HttpContext http, string scope)
    {
        var keys = options.CurrentValue.Keys;
        if (keys.Count == 0)
        {
            return ThisMachine.WhyNot(http) is { } why
                ? new Refusal(StatusCodes.Status401Unauthorized,
                    $"No API key is configured (Intake:ApiKeys), so this endpoint only answers requests from the machine the bot runs on, and this one is not: {why}. Configure Intake:ApiKeys and send a key in {Header}.",
                    $"no Intake:ApiKeys configured and {why}")
                : null;
        }
        var presented = http.Request.Headers[Header].ToString();
        if (presented.Length == 0) return new Refusal(StatusCodes.Status401Unauthorized, $"Send your API key in the {Header} header.", $"no {Header}");
        var key = keys.FirstOrDefault(k => FixedTimeEquals(k.Key, presented));
        if (key is null) return new Refusal(StatusCodes.Status401Unauthorized, "The API key is not valid.", $"unknown {Header}");
        return key.Allows(scope)
            ? null
            : new Refusal(StatusCodes.Status403Forbidden,
                $"This API key may use {string.Join(", ", key.Scopes.Order())} only; this endpoint needs a key with the '{scope}' scope.",
                $"the key of {key.Path} lacks the '{scope}' scope");
    }

    /// <summary>The configured key the request presents, if any (after <see cref="Check"/> has let it in).</summary>
    public ApiKey? KeyOf(HttpContext http) =>
        http.Request.Headers[Header].ToString() is { Length: > 0 } presented ? options.CurrentValue.Keys.FirstOrDefault(k => FixedTimeEquals(k.Key, presented)) : null;

    // Hashing first makes the comparison independent of both the content and the length of the real key.
    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
