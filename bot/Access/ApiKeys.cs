namespace LeadBot.Access;

/// <summary>What an API key may do. A plain-string key in configuration may do all of it.</summary>
public static class ApiScopes
{
    /// <summary>POST /api/leads (and other ways leads come in).</summary>
    public const string Intake = "intake";
    /// <summary>Reading leads and figures: lead lookup, CSV exports.</summary>
    public const string Reports = "reports";
    /// <summary>Lifecycle steps over HTTP: accept, reject, outcome.</summary>
    public const string Lifecycle = "lifecycle";
    /// <summary>Operating the bot: the outbox API, health details.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Intake, Reports, Lifecycle, Admin];
}

/// <summary>One configured key: the secret, what it may do, and where it was configured (for messages).</summary>
/// <param name="Mapping">The intake mapping its leads are read with when the request names none (bot/Intake/Mappings).</param>
public sealed record ApiKey(string Key, IReadOnlySet<string> Scopes, string Path, string? Mapping = null)
{
    public bool Allows(string scope) => Scopes.Contains(scope);
}

/// <summary>
/// The keys of <c>Intake:ApiKeys</c>. Each entry is either a plain string (every scope: what a key meant before scopes
/// existed, so old deployments keep working) or an object <c>{ "Key": "…", "Scopes": ["intake", …], "Mapping": "hubspot" }</c>
/// (Mapping optional: the intake mapping for a system that cannot add <c>?mapping=</c> to its URL). In environment
/// variables: <c>Intake__ApiKeys__0=secret</c>, or <c>Intake__ApiKeys__0__Key=secret</c> with
/// <c>Intake__ApiKeys__0__Scopes__0=intake</c> (or <c>Intake__ApiKeys__0__Scopes=intake,reports</c>).
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Intake:ApiKeys";

    public List<ApiKey> Keys { get; set; } = [];
    /// <summary>Entries that could not be read, reported by the validator so the bot refuses to start.</summary>
    public List<string> Problems { get; set; } = [];

    public void Read(IConfigurationSection section)
    {
        Keys = [];
        Problems = [];
        foreach (var entry in section.GetChildren())
        {
            var path = entry.Path;
            if (entry.Value is { } plain)
            {
                // An empty entry is "no key" (lets an override file or variable switch an inherited key off).
                if (!string.IsNullOrWhiteSpace(plain)) Keys.Add(new ApiKey(plain.Trim(), new HashSet<string>(ApiScopes.All), path));
                continue;
            }
            var key = entry["Key"];
            var scopesSection = entry.GetSection("Scopes");
            var scopes = (scopesSection.Value is { } list ? list.Split(',') : scopesSection.GetChildren().Select(s => s.Value ?? ""))
                .Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
            if (string.IsNullOrWhiteSpace(key))
            {
                Problems.Add($"{path} has no Key: write the key as a plain string, or as {{ \"Key\": \"…\", \"Scopes\": [\"intake\"] }}.");
                continue;
            }
            if (scopes.Count == 0)
            {
                Problems.Add($"{path} lists no Scopes: give at least one of {string.Join(", ", ApiScopes.All)}, or write the key as a plain string to allow every scope.");
                continue;
            }
            var unknown = scopes.Where(s => !ApiScopes.All.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0)
            {
                Problems.Add($"{path}:Scopes has {string.Join(", ", unknown.Select(u => $"'{u}'"))}, which is not a scope; use {string.Join(", ", ApiScopes.All)}.");
                continue;
            }
            var mapping = string.IsNullOrWhiteSpace(entry["Mapping"]) ? null : entry["Mapping"]!.Trim();
            Keys.Add(new ApiKey(key.Trim(), new HashSet<string>(scopes.Select(s => s.ToLowerInvariant())), path, mapping));
        }
        foreach (var twice in Keys.GroupBy(k => k.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
            Problems.Add($"{string.Join(" and ", twice.Select(k => k.Path))} hold the same key; give each system its own key so one can be withdrawn alone.");
    }
}
