using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace LeadBot.Channels.Teams.Auth;

/// <summary>
/// The keys published behind one OpenID metadata document, with the Bot Framework's extra per-key "endorsements"
/// (the channel ids a key may sign for). IdentityModel's JsonWebKey would bury those in AdditionalData as raw
/// JSON, so the JWKS is read once more here and the endorsements kept by key id.
/// </summary>
public sealed record SigningKeys(string? Issuer, IReadOnlyList<SecurityKey> Keys, IReadOnlyDictionary<string, IReadOnlySet<string>> Endorsements)
{
    public bool Has(string? kid) => kid is not null && Keys.Any(k => k.KeyId == kid);

    public bool Endorses(string? kid, string? channelId) =>
        kid is not null && channelId is not null && Endorsements.TryGetValue(kid, out var channels) && channels.Contains(channelId);
}

/// <summary>Reads metadata → jwks_uri → JWKS for <see cref="ConfigurationManager{T}"/>, which caches and refreshes the result.</summary>
internal sealed class SigningKeysRetriever : IConfigurationRetriever<SigningKeys>
{
    public async Task<SigningKeys> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        using var metadata = JsonDocument.Parse(await retriever.GetDocumentAsync(address, cancel));
        var issuer = metadata.RootElement.TryGetProperty("issuer", out var i) ? i.GetString() : null;
        var jwksUri = metadata.RootElement.TryGetProperty("jwks_uri", out var j) ? j.GetString() : null;
        if (string.IsNullOrEmpty(jwksUri)) throw new InvalidOperationException($"The OpenID metadata at {address} has no jwks_uri.");

        var jwks = await retriever.GetDocumentAsync(jwksUri, cancel);
        var keys = new JsonWebKeySet(jwks).GetSigningKeys().ToList();
        var endorsements = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        using var raw = JsonDocument.Parse(jwks);
        if (raw.RootElement.TryGetProperty("keys", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var key in list.EnumerateArray())
            {
                if (!key.TryGetProperty("kid", out var kid) || kid.GetString() is not { } id) continue;
                var channels = key.TryGetProperty("endorsements", out var e) && e.ValueKind == JsonValueKind.Array
                    ? e.EnumerateArray().Select(x => x.GetString()).OfType<string>()
                    : [];
                endorsements[id] = new HashSet<string>(channels, StringComparer.OrdinalIgnoreCase);
            }
        }
        return new SigningKeys(issuer, keys, endorsements);
    }
}

/// <summary>Cached key sets for the two token sources: the Bot Connector (Teams traffic) and Entra ID (Emulator and tools).</summary>
public sealed class BotKeySources
{
    public BotKeySources(string channelMetadataUrl, string emulatorMetadataUrl, HttpClient http)
    {
        var retriever = new HttpDocumentRetriever(http) { RequireHttps = true };
        Channel = Create(channelMetadataUrl, retriever);
        Emulator = Create(emulatorMetadataUrl, retriever);
    }

    public ConfigurationManager<SigningKeys> Channel { get; }
    public ConfigurationManager<SigningKeys> Emulator { get; }

    // Keys rotate without notice: refresh daily at least (the Bot Framework asks for 24 h), and on an unknown key id.
    private static ConfigurationManager<SigningKeys> Create(string url, IDocumentRetriever retriever) =>
        new(url, new SigningKeysRetriever(), retriever) { AutomaticRefreshInterval = TimeSpan.FromHours(12) };

    /// <summary>The key set that knows <paramref name="kid"/>, asking the metadata again once if the cached set does not.</summary>
    public static async Task<SigningKeys> ForKeyAsync(ConfigurationManager<SigningKeys> source, string? kid, CancellationToken ct)
    {
        var keys = await source.GetConfigurationAsync(ct);
        if (keys.Has(kid)) return keys;
        // RequestRefresh is rate-limited by the manager (RefreshInterval), so a flood of made-up key ids cannot hammer the metadata host.
        source.RequestRefresh();
        return await source.GetConfigurationAsync(ct);
    }
}
