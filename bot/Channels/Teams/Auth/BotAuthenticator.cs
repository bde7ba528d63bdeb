using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LeadBot.Channels.Teams.Auth;

/// <summary>Who sent an activity, once its token checked out. <see cref="Failure"/> says why not, in words safe to log (never the token).</summary>
public sealed record AuthOutcome(bool Ok, string? Failure, string? AppId = null)
{
    public static AuthOutcome Fail(string why) => new(false, why);
    public static readonly AuthOutcome Anonymous = new(true, null);
}

/// <summary>
/// A token whose signature, issuer, audience and lifetime checked out, before the body was read. A Connector token still
/// has to match the activity (its serviceurl claim, the channel its key is endorsed for): <see cref="BotAuthenticator.Matches"/>.
/// </summary>
public sealed record VerifiedToken(AuthOutcome Outcome, JsonWebToken? ChannelToken = null, SigningKeys? ChannelKeys = null);

/// <summary>
/// Validates the bearer token on an inbound activity the way the Bot Framework documents it: a Connector token
/// (issuer api.botframework.com, key endorsed for the channel, serviceurl claim = the activity's serviceUrl), or an
/// Entra token from the Emulator (issuer in the Bot Framework tenants, appid/azp = our app id).
/// </summary>
public sealed class BotAuthenticator(IOptionsMonitor<TeamsOptions> options, BotKeySources keys, TimeProvider clock)
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    // Entra tenants whose tokens the SDK accepts from the Emulator (botframework.com for auth v3.1 and v3.2, US Gov).
    private static readonly string[] EmulatorIssuers =
    [
        "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/", "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
        "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/", "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0",
        "https://sts.windows.net/cab8a31a-1906-4287-a0d8-4eef66b95f6e/", "https://login.microsoftonline.us/cab8a31a-1906-4287-a0d8-4eef66b95f6e/v2.0",
    ];

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<AuthOutcome> AuthenticateAsync(string? authorization, Activity activity, CancellationToken ct) =>
        Matches(await VerifyAsync(authorization, ct), activity);

    /// <summary>Everything about the token that does not need the activity, so a request without a good token is refused unread.</summary>
    public async Task<VerifiedToken> VerifyAsync(string? authorization, CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(authorization))
            return new(o.LocalMode ? AuthOutcome.Anonymous : AuthOutcome.Fail("no Authorization header"));
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return new(AuthOutcome.Fail("Authorization is not a bearer token"));
        // Local mode has no app id to check an audience against; the SDK would still validate, but there is nothing to validate with.
        if (o.LocalMode) return new(AuthOutcome.Fail("a token was sent but MicrosoftAppId is not configured"));

        var raw = authorization["Bearer ".Length..].Trim();
        JsonWebToken unverified;
        try { unverified = _handler.ReadJsonWebToken(raw); }
        catch (ArgumentException) { return new(AuthOutcome.Fail("the bearer token is not a JWT")); }

        var emulatorIssuers = EmulatorIssuersFor(unverified, o);
        return emulatorIssuers.Contains(unverified.Issuer)
            ? new(await FromEmulatorAsync(raw, unverified, emulatorIssuers, o, ct))
            : await FromChannelAsync(raw, unverified, o, ct);
    }

    /// <summary>A Connector token speaks for one serviceUrl and the channels its key is endorsed for: the activity must be one of those.</summary>
    public static AuthOutcome Matches(VerifiedToken verified, Activity activity)
    {
        if (!verified.Outcome.Ok || verified.ChannelToken is not { } token || verified.ChannelKeys is not { } set) return verified.Outcome;
        if (!token.TryGetPayloadValue<string>("serviceurl", out var serviceUrl) || string.IsNullOrEmpty(serviceUrl))
            return AuthOutcome.Fail("the token has no serviceurl claim");
        if (!string.Equals(serviceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
            return AuthOutcome.Fail("the token's serviceurl does not match the activity's serviceUrl");
        if (!set.Endorses(token.Kid, activity.ChannelId))
            return AuthOutcome.Fail($"signing key '{token.Kid}' is not endorsed for channel '{activity.ChannelId}'");
        return verified.Outcome;
    }

    private async Task<VerifiedToken> FromChannelAsync(string raw, JsonWebToken unverified, TeamsOptions o, CancellationToken ct)
    {
        var set = await BotKeySources.ForKeyAsync(keys.Channel, unverified.Kid, ct);
        if (!set.Has(unverified.Kid)) return new(AuthOutcome.Fail($"signing key '{unverified.Kid}' is not in the channel's key set, even after a refresh"));
        var result = await _handler.ValidateTokenAsync(raw, Parameters(set, [o.ToBotFromChannelTokenIssuer], o.MicrosoftAppId));
        if (!result.IsValid) return new(AuthOutcome.Fail(Describe(result.Exception)));
        return new(new AuthOutcome(true, null, o.MicrosoftAppId), (JsonWebToken)result.SecurityToken, set);
    }

    private async Task<AuthOutcome> FromEmulatorAsync(string raw, JsonWebToken unverified, IReadOnlyList<string> issuers, TeamsOptions o, CancellationToken ct)
    {
        var set = await BotKeySources.ForKeyAsync(keys.Emulator, unverified.Kid, ct);
        if (!set.Has(unverified.Kid)) return AuthOutcome.Fail($"signing key '{unverified.Kid}' is not in the Entra key set, even after a refresh");
        var result = await _handler.ValidateTokenAsync(raw, Parameters(set, issuers, o.MicrosoftAppId));
        if (!result.IsValid) return AuthOutcome.Fail(Describe(result.Exception));

        var token = (JsonWebToken)result.SecurityToken;
        // v1 tokens name the calling app in "appid", v2 tokens in "azp": either way it must be this bot.
        var version = token.TryGetPayloadValue<string>("ver", out var v) ? v : "1.0";
        var claim = version == "2.0" ? "azp" : "appid";
        if (!token.TryGetPayloadValue<string>(claim, out var appId) || !string.Equals(appId, o.MicrosoftAppId, StringComparison.OrdinalIgnoreCase))
            return AuthOutcome.Fail($"the Emulator token's {claim} is not this bot's app id");
        return new AuthOutcome(true, null, appId);
    }

    private static List<string> EmulatorIssuersFor(JsonWebToken token, TeamsOptions o)
    {
        var issuers = EmulatorIssuers.ToList();
        // Single-tenant bots also accept their own tenant's Entra issuers.
        var tid = token.TryGetPayloadValue<string>("tid", out var t) ? t : null;
        if (o.IsSingleTenant && tid is { Length: > 0 } && string.Equals(tid, o.MicrosoftAppTenantId, StringComparison.OrdinalIgnoreCase))
        {
            issuers.Add($"https://sts.windows.net/{tid}/");
            issuers.Add($"https://login.microsoftonline.com/{tid}/v2.0");
        }
        return issuers;
    }

    private TokenValidationParameters Parameters(SigningKeys set, IEnumerable<string> issuers, string audience) => new()
    {
        ValidIssuers = issuers,
        ValidAudience = audience,
        IssuerSigningKeys = set.Keys,
        ValidAlgorithms = Algorithms,
        ClockSkew = ClockSkew,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateIssuerSigningKey = true,
        TryAllIssuerSigningKeys = false,
        // Lifetime against the injected clock (IdentityModel would read the system clock).
        LifetimeValidator = (notBefore, expires, _, _) => Alive(notBefore, expires),
    };

    private bool Alive(DateTime? notBefore, DateTime? expires)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return expires is { } exp && now <= exp.ToUniversalTime() + ClockSkew
            && (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - ClockSkew);
    }

    private static string Describe(Exception? e) => e switch
    {
        SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException => "the token has expired or is not valid yet",
        SecurityTokenInvalidIssuerException => "the token's issuer is not accepted",
        SecurityTokenInvalidAudienceException => "the token's audience is not this bot's app id",
        SecurityTokenSignatureKeyNotFoundException => "no key in the key set matches the token",
        SecurityTokenInvalidSignatureException => "the token's signature is not valid",
        SecurityTokenInvalidAlgorithmException => "the token's algorithm is not accepted",
        SecurityTokenNoExpirationException => "the token has no expiry",
        null => "the token is not valid",
        _ => "the token is not valid (" + e.GetType().Name + ")",
    };
}
