using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>One call the bot made to the fake Connector or login service.</summary>
public sealed record ConnectorCall(string Method, string Path, string? Authorization, JsonNode? Body);

/// <summary>
/// The Bot Framework as the bot sees it, in-process over HTTPS on 127.0.0.1: OpenID metadata and JWKS with endorsed
/// test keys (Connector and Entra flavours), the Entra token endpoint MSAL calls (FakeBotFramework.Entra.cs: it checks
/// the app registration as Entra does), and a Connector serviceUrl (FakeBotFramework.Connector.cs) that records every call,
/// requires the token it issued, knows which conversations and activities exist, and can be told to answer 429 (with
/// Retry-After) or 500 a number of times.
/// </summary>
public sealed partial class FakeBotFramework : IAsyncDisposable
{
    public const string ChannelIssuer = "https://api.botframework.com";
    public const string EmulatorIssuer = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/";

    // Key and certificate generation is the slow part of a test: one of each per run is enough.
    private static readonly Lazy<X509Certificate2> SharedCertificate = new(CreateCertificate);
    private static readonly Lazy<TestKey> DefaultChannelKey = new(() => new TestKey("channel-key-1", ["msteams", "emulator"]));
    private static readonly Lazy<TestKey> DefaultEntraKey = new(() => new TestKey("entra-key-1", []));

    private readonly WebApplication _app;

    public FakeBotFramework()
    {
        Certificate = SharedCertificate.Value;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(Certificate)));
        _app = builder.Build();
        Map(_app);
        _app.StartAsync().GetAwaiter().GetResult();
        var address = new Uri(_app.Urls.First());
        BaseUrl = $"https://127.0.0.1:{address.Port}";
        ChannelKeys.Add(DefaultChannelKey.Value);
        EntraKeys.Add(DefaultEntraKey.Value);
    }

    public X509Certificate2 Certificate { get; }
    public string BaseUrl { get; }
    public string ServiceUrl => BaseUrl + "/amer/";
    public string ChannelMetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";
    public string EntraMetadataUrl => BaseUrl + "/common/v2.0/.well-known/openid-configuration";
    public string LoginUrl => BaseUrl + "/{0}";

    /// <summary>Keys published in the channel JWKS; tests add, remove or replace keys to rotate.</summary>
    public List<TestKey> ChannelKeys { get; } = [];
    public List<TestKey> EntraKeys { get; } = [];
    /// <summary>Entra object id → email, answered by GET …/members/{id}.</summary>
    public ConcurrentDictionary<string, string> Directory { get; } = new(StringComparer.OrdinalIgnoreCase);
    public ConcurrentQueue<ConnectorCall> Calls { get; } = new();
    private int _jwksFetches;
    public int JwksFetches => Volatile.Read(ref _jwksFetches);

    public string ChannelToken(string audience, string serviceUrl, DateTimeOffset now, TestKey? key = null, string issuer = ChannelIssuer,
        TimeSpan? lifetime = null, bool withServiceUrl = true)
    {
        var claims = new Dictionary<string, object>();
        if (withServiceUrl) claims["serviceurl"] = serviceUrl;
        return Sign(key ?? ChannelKeys[0], issuer, audience, claims, now, lifetime);
    }

    public string EntraToken(string appId, DateTimeOffset now, string version = "1.0", string? audience = null, TestKey? key = null)
    {
        var claims = new Dictionary<string, object> { ["ver"] = version, [version == "2.0" ? "azp" : "appid"] = appId, ["tid"] = "d6d49420-f39b-4df7-a1dc-d59a935871db" };
        var issuer = version == "2.0" ? "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0" : EmulatorIssuer;
        return Sign(key ?? EntraKeys[0], issuer, audience ?? appId, claims, now, null);
    }

    public static string Sign(TestKey key, string issuer, string audience, IDictionary<string, object> claims, DateTimeOffset now, TimeSpan? lifetime) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + (lifetime ?? TimeSpan.FromHours(1))).UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Security, SecurityAlgorithms.RsaSha256),
        });

    private void Map(WebApplication app)
    {
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new { issuer = ChannelIssuer, jwks_uri = BaseUrl + "/v1/.well-known/keys", id_token_signing_alg_values_supported = new[] { "RS256" } }));
        app.MapGet("/v1/.well-known/keys", () => { Interlocked.Increment(ref _jwksFetches); return Results.Json(Jwks(ChannelKeys)); });
        app.MapGet("/common/v2.0/.well-known/openid-configuration", () => Results.Json(new { issuer = "https://login.microsoftonline.com/{tenantid}/v2.0", jwks_uri = BaseUrl + "/common/discovery/v2.0/keys" }));
        app.MapGet("/common/discovery/v2.0/keys", () => Results.Json(Jwks(EntraKeys)));
        // A tenant's own metadata, as web sign-in (OpenID Connect) reads it: its issuer names the tenant.
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => Results.Json(new
        {
            issuer = EntraIssuer(tenant),
            authorization_endpoint = $"{BaseUrl}/{tenant}/oauth2/v2.0/authorize",
            token_endpoint = $"{BaseUrl}/{tenant}/oauth2/v2.0/token",
            end_session_endpoint = $"{BaseUrl}/{tenant}/oauth2/v2.0/logout",
            jwks_uri = BaseUrl + "/common/discovery/v2.0/keys",
            response_modes_supported = new[] { "query", "fragment", "form_post" },
            id_token_signing_alg_values_supported = new[] { "RS256" },
        }));
        MapEntra(app);
        app.Map("/amer/{**rest}", (Delegate)Connector);
    }

    public string EntraIssuer(string tenant) => $"{BaseUrl}/{tenant}/v2.0";

    private static object Jwks(List<TestKey> keys) => new { keys = keys.ToList().Select(k => k.Jwk()).ToArray() };

    private static X509Certificate2 CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(7));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
    }
}

/// <summary>An RSA signing key as the Bot Framework publishes it: kid, modulus, exponent and the channels it is endorsed for.</summary>
public sealed class TestKey(string kid, string[] endorsements)
{
    private readonly RSA _rsa = RSA.Create(2048);
    public string Kid { get; } = kid;
    public string[] Endorsements { get; } = endorsements;
    public RsaSecurityKey Security => new(_rsa) { KeyId = Kid };

    /// <summary>A key that claims this one's kid but is not it: a forged signature.</summary>
    public TestKey Impostor() => new(Kid, Endorsements);

    public object Jwk()
    {
        var p = _rsa.ExportParameters(false);
        return new { kty = "RSA", use = "sig", kid = Kid, x5t = Kid, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent), endorsements = Endorsements };
    }
}
