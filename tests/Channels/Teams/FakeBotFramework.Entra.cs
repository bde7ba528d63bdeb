using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>
/// The bot's app registration as Entra ID holds it: its client id, the tenant it lives in, whether other tenants (the
/// Bot Framework's "botframework.com") may issue tokens for it, its client secret, and the key that signs its client
/// assertions (certificate or federated credential). Null secret or key: that kind of credential is not registered.
/// </summary>
public sealed record AppRegistration(string ClientId, string HomeTenant, bool MultiTenant, string? Secret = null, SecurityKey? AssertionKey = null);

/// <summary>The Entra side of the fake: the v2.0 token endpoint (client credentials) and the App Service managed identity endpoint.</summary>
public sealed partial class FakeBotFramework
{
    public const string BotFrameworkScope = "https://api.botframework.com/.default";
    public const string BotFrameworkResource = "https://api.botframework.com";
    public const string IdentityHeader = "fake-identity-header";
    private const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private readonly ConcurrentDictionary<string, byte> _issued = new(StringComparer.Ordinal);
    private int _tokenRequests;

    /// <summary>
    /// What Entra knows of the bot. Null: no app is registered, every token request fails, and the Connector asks for no
    /// token (the local mode of the Agents Playground and the Emulator).
    /// </summary>
    public AppRegistration? Registration { get; set; }

    public int TokenRequests => Volatile.Read(ref _tokenRequests);
    public string ManagedIdentityEndpoint => BaseUrl + "/msi/token";
    public string TokenEndpoint(string tenant) => $"{BaseUrl}/{tenant}/oauth2/v2.0/token";

    private void MapEntra(WebApplication app)
    {
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpContext http, string tenant) =>
        {
            var form = await http.Request.ReadFormAsync();
            var fields = form.ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
            // Recorded without the secret: tests read which client, scope and tenant were asked for.
            var recorded = new System.Text.Json.Nodes.JsonObject();
            foreach (var (k, v) in fields.Where(kv => kv.Key is not ("client_secret" or "client_assertion"))) recorded[k] = v;
            Calls.Enqueue(new ConnectorCall("POST", http.Request.Path, null, recorded));
            return ClientCredentials(tenant, fields);
        });
        // A managed identity endpoint as App Service hosts it (MSAL finds it through IDENTITY_ENDPOINT and IDENTITY_HEADER).
        app.MapGet("/msi/token", (HttpContext http) =>
        {
            Calls.Enqueue(new ConnectorCall("GET", http.Request.Path + http.Request.QueryString, http.Request.Headers["X-IDENTITY-HEADER"].ToString(), null));
            if (http.Request.Headers["X-IDENTITY-HEADER"] != IdentityHeader) return Results.Json(new { error = "invalid_header" }, statusCode: 401);
            var clientId = http.Request.Query["client_id"].ToString();
            var resource = http.Request.Query["resource"].ToString();
            if (Registration is null || clientId != Registration.ClientId)
                return Results.Json(new { error = "invalid_request", error_description = $"Identity not found: no user-assigned identity with client id '{clientId}' is attached to this host." }, statusCode: 400);
            if (resource.TrimEnd('/') != BotFrameworkResource)
                return Results.Json(new { error = "invalid_resource", error_description = $"AADSTS500011: The resource principal named {resource} was not found." }, statusCode: 400);
            var expiresOn = TimeProvider.System.GetUtcNow().AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(new { access_token = Issue("msi-token-"), expires_on = expiresOn, resource, token_type = "Bearer", client_id = clientId });
        });
    }

    /// <summary>The checks Entra makes on a client-credentials request, in its order, with its error codes.</summary>
    private IResult ClientCredentials(string tenant, Dictionary<string, string> form)
    {
        string Field(string name) => form.GetValueOrDefault(name) ?? "";
        if (Field("grant_type") != "client_credentials")
            return EntraError(400, "unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{Field("grant_type")}'.");
        var app = Registration;
        var tenantKnowsApp = app is not null && (string.Equals(tenant, app.HomeTenant, StringComparison.OrdinalIgnoreCase)
            || (app.MultiTenant && string.Equals(tenant, "botframework.com", StringComparison.OrdinalIgnoreCase)));
        if (app is null || Field("client_id") != app.ClientId || !tenantKnowsApp)
            return EntraError(400, "unauthorized_client", 700016,
                $"Application with identifier '{Field("client_id")}' was not found in the directory '{tenant}'.");
        if (!CredentialIsValid(app, tenant, form))
            return EntraError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
        if (Field("scope") != BotFrameworkScope)
            return EntraError(400, "invalid_scope", 70011, $"The provided value for the input parameter 'scope' is not valid. The scope {Field("scope")} is not valid.");
        return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = Issue("connector-token-") });
    }

    private bool CredentialIsValid(AppRegistration app, string tenant, Dictionary<string, string> form)
    {
        if (form.GetValueOrDefault("client_secret") is { Length: > 0 } secret) return app.Secret is not null && secret == app.Secret;
        if (form.GetValueOrDefault("client_assertion") is not { Length: > 0 } assertion || form.GetValueOrDefault("client_assertion_type") != JwtBearer
            || app.AssertionKey is null) return false;
        // A client assertion: signed with the registered key, issued by and about the app, for this token endpoint.
        var result = new JsonWebTokenHandler().ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            IssuerSigningKey = app.AssertionKey,
            ValidIssuer = app.ClientId,
            ValidAudience = TokenEndpoint(tenant),
            ClockSkew = TimeSpan.FromMinutes(5),
        }).GetAwaiter().GetResult();
        return result.IsValid && result.Claims.TryGetValue("sub", out var sub) && (string)sub == app.ClientId;
    }

    private string Issue(string prefix)
    {
        var token = prefix + Interlocked.Increment(ref _tokenRequests);
        _issued[token] = 0;
        return token;
    }

    private static IResult EntraError(int status, string error, int code, string description) => Results.Json(new
    {
        error,
        error_description = $"AADSTS{code}: {description}",
        error_codes = new[] { code },
        timestamp = TimeProvider.System.GetUtcNow().ToString("u", System.Globalization.CultureInfo.InvariantCulture),
        trace_id = Guid.NewGuid(),
        correlation_id = Guid.NewGuid(),
    }, statusCode: status);
}
