using System.IO.Compression;
using System.Text;

namespace LeadBot.Channels.Teams.Package;

/// <summary>
/// Writes the Teams app package (leadbot-teams.zip): manifest.json with the bot's app id and public URL filled in,
/// plus the two icons, all at the zip root where Teams looks for them.
/// </summary>
public static class TeamsPackage
{
    public const string FileName = "leadbot-teams.zip";

    /// <summary>The manifest text with its placeholders replaced; throws when the values would make an app Teams refuses.</summary>
    public static string Manifest(string template, string botAppId, string baseUrl)
    {
        if (!Guid.TryParse(botAppId, out var id)) throw new ArgumentException($"The bot app id must be a GUID (MicrosoftAppId); got '{botAppId}'.", nameof(botAppId));
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
            throw new ArgumentException($"The base URL must be the bot's public https address; got '{baseUrl}'.", nameof(baseUrl));
        return template
            .Replace("{{BOT_ID}}", id.ToString("D"), StringComparison.Ordinal)
            .Replace("{{BOT_BASE_URL}}", baseUrl.TrimEnd('/'), StringComparison.Ordinal)
            .Replace("{{BOT_DOMAIN}}", url.Authority, StringComparison.Ordinal);
    }

    public static void Write(string manifestFolder, string botAppId, string baseUrl, string output)
    {
        var manifest = Manifest(File.ReadAllText(Path.Combine(manifestFolder, "manifest.json")), botAppId, baseUrl);
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

    /// <summary>Command line: package --app-id GUID --base-url https://… [--out path] | icons.</summary>
    public static int Run(string[] args, string manifestFolder, TextWriter stdout, TextWriter stderr)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        try
        {
            if (args.FirstOrDefault() == "icons")
            {
                WriteIcons(manifestFolder);
                stdout.WriteLine($"Wrote color.png and outline.png to {manifestFolder}");
                return 0;
            }
            var appId = Arg("--app-id") ?? throw new ArgumentException("Give the bot's app id: --app-id <MicrosoftAppId>.");
            var baseUrl = Arg("--base-url") ?? throw new ArgumentException("Give the bot's public URL: --base-url https://leadbot.example.com.");
            var output = Arg("--out") ?? Path.Combine(Directory.GetCurrentDirectory(), FileName);
            Write(manifestFolder, appId, baseUrl, output);
            stdout.WriteLine($"Wrote {output}: upload it in Teams (Apps → Manage your apps → Upload an app) or the Teams admin center.");
            return 0;
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine(e.Message);
            return 2;
        }
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(bytes);
    }
}
