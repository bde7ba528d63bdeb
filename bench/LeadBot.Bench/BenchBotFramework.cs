using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LeadBot.Bench;

/// <summary>
/// The Bot Framework as the bot sees it, on HTTPS 127.0.0.1 (same approach as tests/Channels/Teams/FakeBotFramework):
/// OpenID metadata and a JWKS with one RSA key endorsed for msteams, the Entra token endpoint MSAL calls, and a
/// Connector serviceUrl that answers member lookups from <see cref="Directory"/> and accepts posts and updates.
/// </summary>
public sealed class BenchBotFramework : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    private const string Kid = "bench-key-1";
    private static readonly string[] Rs256 = ["RS256"], Msteams = ["msteams"];

    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private int _connectorCalls, _ids;

    public BenchBotFramework()
    {
        Certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(Certificate)));
        _app = builder.Build();
        Map(_app);
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = $"https://127.0.0.1:{new Uri(_app.Urls.First()).Port}";
    }

    public X509Certificate2 Certificate { get; }
    public string BaseUrl { get; }
    public string ServiceUrl => BaseUrl + "/amer/";
    public string MetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";
    public string LoginUrl => BaseUrl + "/{0}";
    /// <summary>Entra object id → email, answered by GET …/members/{29:id}.</summary>
    public ConcurrentDictionary<string, string> Directory { get; } = new(StringComparer.OrdinalIgnoreCase);
    public int ConnectorCalls => Volatile.Read(ref _connectorCalls);

    /// <summary>Called with the conversation, body and arrival time (Stopwatch ticks) of every activity posted to a conversation.</summary>
    public Action<string, string, long>? Posted { get; set; }

    /// <summary>The bot's settings for authenticating against this fake and posting to its Connector, as app <paramref name="appId"/> in <paramref name="tenant"/>.</summary>
    public Dictionary<string, string?> BotSettings(string appId, string tenant) => new()
    {
        ["MicrosoftAppId"] = appId,
        ["MicrosoftAppPassword"] = "bench-secret",
        ["BotOpenIdMetadata"] = MetadataUrl,
        ["ToBotFromEmulatorOpenIdMetadataUrl"] = BaseUrl + "/common/v2.0/.well-known/openid-configuration",
        ["ToChannelFromBotLoginUrl"] = LoginUrl,
        ["Teams:TenantId"] = tenant,
        // The local Connector is https on 127.0.0.1, which the bot sends its token to only when told to.
        ["Teams:TrustedServiceUrls:0"] = BaseUrl,
        // appsettings.json logs at Information; a log line per Connector call is not what is measured here.
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>A Connector token as the Bot Framework sends it with each activity: RS256, our issuer, the bot's app id, the serviceurl claim.</summary>
    public string ChannelToken(string appId, DateTimeOffset now) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = appId,
            Claims = new Dictionary<string, object> { ["serviceurl"] = ServiceUrl },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddHours(1).UtcDateTime,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = Kid }, SecurityAlgorithms.RsaSha256),
        });

    private void Map(WebApplication app)
    {
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new { issuer = Issuer, jwks_uri = BaseUrl + "/v1/.well-known/keys", id_token_signing_alg_values_supported = Rs256 }));
        app.MapGet("/v1/.well-known/keys", () =>
        {
            var p = _key.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", kid = Kid, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent), endorsements = Msteams } } });
        });
        app.MapGet("/common/v2.0/.well-known/openid-configuration", () => Results.Json(new { issuer = "https://login.microsoftonline.com/{tenantid}/v2.0", jwks_uri = BaseUrl + "/v1/.well-known/keys" }));
        app.MapPost("/{tenant}/oauth2/v2.0/token", () => Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = "bench-connector-token" }));
        app.Map("/amer/{**rest}", async (HttpContext http) =>
        {
            Interlocked.Increment(ref _connectorCalls);
            var segments = Uri.UnescapeDataString(http.Request.Path.Value!)["/amer/".Length..].Split('/');
            if (Posted is { } posted && http.Request.Method == "POST" && segments is ["v3", "conversations", var conversation, "activities"])
                posted(conversation, await new StreamReader(http.Request.Body).ReadToEndAsync(), System.Diagnostics.Stopwatch.GetTimestamp());
            var id = Interlocked.Increment(ref _ids);
            return segments switch
            {
                ["v3", "conversations", _, "members", var userId] => Member(userId),
                ["v3", "conversations"] => Results.Json(new { id = "a:chat-" + id }, statusCode: 201),
                ["v3", "conversations", _, "activities", var activityId] when http.Request.Method == "PUT" => Results.Json(new { id = activityId }),
                ["v3", "conversations", _, "activities", ..] => Results.Json(new { id = "1:" + id }, statusCode: 201),
                _ => Results.Json(new { error = new { code = "BadSyntax", message = "not faked" } }, statusCode: 400),
            };
        });
    }

    private IResult Member(string userId)
    {
        var aad = userId.StartsWith("29:", StringComparison.Ordinal) ? userId[3..] : userId;
        return Directory.TryGetValue(aad, out var email)
            ? Results.Json(new { id = userId, objectId = aad, aadObjectId = aad, email, userPrincipalName = email, name = email })
            : Results.Json(new { error = new { code = "MemberNotFoundInConversation", message = "no such member" } }, statusCode: 404);
    }

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
        _key.Dispose();
        Certificate.Dispose();
    }
}
