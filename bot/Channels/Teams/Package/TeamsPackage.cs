using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadBot.Channels.Teams.Package;

/// <summary>
/// Writes the Teams app package (leadbot-teams.zip): manifest.json with the bot's app id and public URL filled in,
/// plus the two icons, all at the zip root where Teams looks for them.
/// </summary>
/// <summary>What goes into the package; null: the template's value (its app id and version, /privacy and /terms on the base URL).</summary>
public sealed record PackageSettings(string BotAppId, string BaseUrl, string? TeamsAppId = null, string? Version = null, string? PrivacyUrl = null, string? TermsUrl = null);

public static class TeamsPackage
{
    public const string FileName = "leadbot-teams.zip";

    /// <summary>The manifest text with its placeholders replaced; throws when the values would make an app Teams refuses.</summary>
    public static string Manifest(string template, string botAppId, string baseUrl) => Manifest(template, new PackageSettings(botAppId, baseUrl));

    public static string Manifest(string template, PackageSettings settings)
    {
        if (!Guid.TryParse(settings.BotAppId, out var id)) throw new ArgumentException($"The bot app id must be a GUID (MicrosoftAppId); got '{settings.BotAppId}'.", nameof(settings));
        var url = Https(settings.BaseUrl, "base URL");
        var text = template
            .Replace("{{BOT_ID}}", id.ToString("D"), StringComparison.Ordinal)
            .Replace("{{BOT_BASE_URL}}", settings.BaseUrl.TrimEnd('/'), StringComparison.Ordinal)
            .Replace("{{BOT_DOMAIN}}", url.Authority, StringComparison.Ordinal);
        if (settings is { TeamsAppId: null, Version: null, PrivacyUrl: null, TermsUrl: null }) return text;

        // Only what was asked for changes, so the checked-in template stays the reference for everything else.
        var manifest = JsonNode.Parse(text)!.AsObject();
        if (settings.TeamsAppId is { } appId)
            manifest["id"] = Guid.TryParse(appId, out var teamsId) ? teamsId.ToString("D") : throw new ArgumentException($"The Teams app id must be a GUID; got '{appId}'.", nameof(settings));
        if (settings.Version is { } version)
            manifest["version"] = System.Text.RegularExpressions.Regex.IsMatch(version, @"^\d{1,9}\.\d{1,9}\.\d{1,9}$")
                ? version : throw new ArgumentException($"The app version must be three numbers, e.g. 1.4.0 (Teams asks for a higher one on every upload); got '{version}'.", nameof(settings));
        if (settings.PrivacyUrl is { } privacy) manifest["developer"]!["privacyUrl"] = Https(privacy, "privacy URL").ToString();
        if (settings.TermsUrl is { } terms) manifest["developer"]!["termsOfUseUrl"] = Https(terms, "terms of use URL").ToString();
        return manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static Uri Https(string value, string what) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps
            ? url : throw new ArgumentException($"The {what} must be a public https address; got '{value}'.", nameof(value));

    public static void Write(string manifestFolder, string botAppId, string baseUrl, string output) =>
        Write(manifestFolder, new PackageSettings(botAppId, baseUrl), output);

    public static void Write(string manifestFolder, PackageSettings settings, string output)
    {
        var manifest = Manifest(File.ReadAllText(Path.Combine(manifestFolder, "manifest.json")), settings);
        if (File.Exists(output)) File.Delete(output);
        using var zip = ZipFile.Open(output, ZipArchiveMode.Create);
        Add(zip, "manifest.json", Encoding.UTF8.GetBytes(manifest));
        Add(zip, "color.png", File.ReadAllBytes(Path.Combine(manifestFolder, "color.png")));
        Add(zip, "outline.png", File.ReadAllBytes(Path.Combine(manifestFolder, "outline.png")));
    }

    /// <summary>Draws the icons into the manifest folder (run once; the PNGs are checked in and compared in a test).</summary>
    public static void WriteIcons(string manifestFolder)
    {
        File.WriteAllBytes(Path.Combine(manifestFolder, "color.png"), AppIcons.Color());
        File.WriteAllBytes(Path.Combine(manifestFolder, "outline.png"), AppIcons.Outline());
    }

    /// <summary>
    /// Command line: [--app-id GUID] [--base-url https://…] [--teams-app-id GUID] [--version 1.2.3] [--privacy-url …]
    /// [--terms-url …] [--out path] | icons. Each option falls back to an environment variable (<see cref="EnvironmentNames"/>),
    /// so the Agents Toolkit or a CI job can package from the same values it deploys with.
    /// </summary>
    public static int Run(string[] args, string manifestFolder, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? Value(string option) =>
            args.SkipWhile(a => a != option).Skip(1).FirstOrDefault()
            ?? EnvironmentNames[option].Select(environment).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        try
        {
            if (args.FirstOrDefault() == "icons")
            {
                WriteIcons(manifestFolder);
                stdout.WriteLine($"Wrote color.png and outline.png to {manifestFolder}");
                return 0;
            }
            var settings = new PackageSettings(
                Value("--app-id") ?? throw new ArgumentException("Give the bot's app id: --app-id <MicrosoftAppId> (or set BOT_ID / MicrosoftAppId)."),
                Value("--base-url") ?? throw new ArgumentException("Give the bot's public URL: --base-url https://leadbot.example.com (or set BOT_ENDPOINT / Bot__PublicBaseUrl)."),
                Value("--teams-app-id"), Value("--version"), Value("--privacy-url"), Value("--terms-url"));
            var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine(Directory.GetCurrentDirectory(), FileName);
            Write(manifestFolder, settings, output);
            stdout.WriteLine($"Wrote {output}: upload it in Teams (Apps → Manage your apps → Upload an app) or the Teams admin center.");
            return 0;
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine(e.Message);
            return 2;
        }
    }

    /// <summary>The environment variables each option falls back to, in order (Agents Toolkit names first, then LeadBot's own keys).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> EnvironmentNames = new Dictionary<string, string[]>
    {
        ["--app-id"] = ["BOT_ID", "MicrosoftAppId"],
        ["--base-url"] = ["BOT_ENDPOINT", "Bot__PublicBaseUrl"],
        ["--teams-app-id"] = ["TEAMS_APP_ID"],
        ["--version"] = ["APP_VERSION"],
        ["--privacy-url"] = ["PRIVACY_URL"],
        ["--terms-url"] = ["TERMS_URL"],
    };

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(bytes);
    }
}
