using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LeadBot.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace LeadBot.Insights;

/// <summary>What a chart shows. The image is drawn when it is fetched, from the aggregates, so no picture is ever stored.</summary>
public sealed record ChartRequest(string Name, string? Team, string? Source, string? Campaign, DateTimeOffset From, DateTimeOffset To, string Label);

/// <summary>
/// Signed, expiring chart URLs (/charts/{name}.png?…&amp;exp=…&amp;sig=…): chat platforms fetch images without any
/// credential of ours, so the URL itself is the permission, and it cannot be edited to show another team or period.
/// </summary>
public sealed class ChartLinks(IOptionsMonitor<InsightsOptions> options, IDocumentBags store, TimeProvider clock)
{
    public const string KeyBag = "insights";
    public const string KeyName = "chart-signing-key";

    private sealed record StoredKey(string Base64);

    private readonly Lazy<byte[]> _key = new(() => LoadKey(options.CurrentValue, store));

    /// <summary>Site-relative, for the dashboard.</summary>
    public string Path(ChartRequest r)
    {
        var exp = (clock.GetUtcNow() + options.CurrentValue.ChartUrlLifetime).ToUnixTimeSeconds();
        var fields = Fields(r, exp);
        var query = string.Join('&', fields.Where(f => f.Value.Length > 0).Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));
        return $"/charts/{r.Name}.png?{query}&sig={Sign(r.Name, fields)}";
    }

    /// <summary>Absolute under Bot:PublicBaseUrl, for chat; null when no public base is configured.</summary>
    public string? Absolute(ChartRequest r) =>
        options.CurrentValue.PublicBaseUrl is { Length: > 0 } root ? root.TrimEnd('/') + Path(r) : null;

    /// <summary>The request a URL was signed for, or null when the signature is wrong or the URL has expired.</summary>
    public ChartRequest? Verify(string name, IQueryCollection q)
    {
        if (!Charts.Names.Contains(name)) return null;
        if (!long.TryParse(q["exp"], NumberStyles.None, CultureInfo.InvariantCulture, out var exp) || exp < clock.GetUtcNow().ToUnixTimeSeconds()) return null;
        if (!long.TryParse(q["from"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var from)
            || !long.TryParse(q["to"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var to)) return null;
        string? Opt(string k) => q[k].ToString() is { Length: > 0 } v ? v : null;
        var r = new ChartRequest(name, Opt("team"), Opt("source"), Opt("campaign"),
            DateTimeOffset.FromUnixTimeSeconds(from), DateTimeOffset.FromUnixTimeSeconds(to), q["label"].ToString());
        byte[] presented;
        try { presented = WebEncoders.Base64UrlDecode(q["sig"].ToString()); }
        catch (FormatException) { return null; }
        var expected = WebEncoders.Base64UrlDecode(Sign(name, Fields(r, exp)));
        return CryptographicOperations.FixedTimeEquals(expected, presented) ? r : null;
    }

    private static List<KeyValuePair<string, string>> Fields(ChartRequest r, long exp) =>
    [
        new("team", r.Team ?? ""), new("source", r.Source ?? ""), new("campaign", r.Campaign ?? ""),
        new("from", r.From.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        new("to", r.To.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        new("label", r.Label), new("exp", exp.ToString(CultureInfo.InvariantCulture)),
    ];

    // Field names and a separator no value can contain keep two different requests from signing the same text.
    private string Sign(string name, List<KeyValuePair<string, string>> fields)
    {
        var text = name + "\n" + string.Join("\n", fields.Select(f => f.Key + "=" + f.Value.Replace("\n", " ", StringComparison.Ordinal)));
        return WebEncoders.Base64UrlEncode(HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(text)));
    }

    private static byte[] LoadKey(InsightsOptions o, IDocumentBags store)
    {
        if (o.ChartSigningKey is { Length: > 0 } configured) return Encoding.UTF8.GetBytes(configured);
        if (store.Get<StoredKey>(KeyBag, KeyName) is { } stored) return Convert.FromBase64String(stored.Base64);
        var key = RandomNumberGenerator.GetBytes(32);
        store.Put(KeyBag, KeyName, new StoredKey(Convert.ToBase64String(key)));
        return key;
    }
}
