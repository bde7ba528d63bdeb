using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using LeadBot.Channels.Teams.Package;
using LeadBot.Commands;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Teams;

public sealed class TeamsManifestTests
{
    private const string BotId = "11111111-2222-4333-8444-555555555555";
    private const string BaseUrl = "https://leadbot.contoso.com";

    private static string ManifestFolder { get; } = FindManifestFolder();

    private static string FindManifestFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "manifest", "teams");
            if (File.Exists(Path.Combine(candidate, "manifest.json"))) return candidate;
        }
        throw new DirectoryNotFoundException("manifest/teams was not found above the test output folder.");
    }

    /// <summary>
    /// The Teams schemas declare draft-04, which JsonSchema.Net does not implement. They use nothing whose meaning
    /// changed after draft-04 (no boolean exclusiveMinimum/Maximum, no root "id") and already use draft-06's "const",
    /// so they are read as draft-07: the same rules, with "const" (manifestVersion) enforced rather than ignored.
    /// </summary>
    private static JsonSchema TeamsSchema(string version) => JsonSchema.FromText(
        ReferenceFiles.Read("teams-manifest", "schemas", $"MicrosoftTeams.v{version}.schema.json")
            .Replace("http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#", StringComparison.Ordinal));

    private static JsonNode Filled() =>
        JsonNode.Parse(TeamsPackage.Manifest(File.ReadAllText(Path.Combine(ManifestFolder, "manifest.json")), BotId, BaseUrl))!;

    [Fact]
    public void Manifest_ValidatesAgainstTheTeamsSchema_OfItsVersion()
    {
        var manifest = Filled();
        var version = manifest["manifestVersion"]!.GetValue<string>();
        Assert.True(Version.Parse(version) >= new Version(1, 22));
        var schema = TeamsSchema(version);
        using var doc = JsonDocument.Parse(manifest.ToJsonString());
        var result = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, string.Join("\n", errors));
    }

    [Fact]
    public void Manifest_WithABrokenField_FailsTheSchema()
    {
        // Proves the validation above can fail: a typo'd top-level field is refused (additionalProperties: false).
        var manifest = Filled().AsObject();
        manifest["accentColour"] = "#FFFFFF";
        var schema = TeamsSchema("1.22");
        using var doc = JsonDocument.Parse(manifest.ToJsonString());
        Assert.False(schema.Evaluate(doc.RootElement).IsValid);
    }

    [Fact]
    public void Manifest_HasTheBot_InAllThreeScopes_WithTheChatCommands_AndTheDashboardTab()
    {
        var manifest = Filled();
        var bot = manifest["bots"]![0]!;
        Assert.Equal(BotId, bot["botId"]!.GetValue<string>());
        Assert.Equal(["team", "personal", "groupChat"], bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        var titles = bot["commandLists"]!.AsArray().SelectMany(l => l!["commands"]!.AsArray()).Select(c => c!["title"]!.GetValue<string>()).ToHashSet();
        foreach (var (command, _) in ChatCommands.Commands) Assert.Contains(command.Split(' ')[0] == "my" ? "my leads" : command.Split(' ')[0], titles);
        var tab = manifest["staticTabs"]![0]!;
        Assert.Equal(BaseUrl + "/", tab["contentUrl"]!.GetValue<string>());
        Assert.Equal("leadbot.contoso.com", manifest["validDomains"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not-a-guid", BaseUrl)]
    [InlineData(BotId, "http://leadbot.contoso.com")]
    public void Manifest_RefusesValuesTeamsWouldRefuse(string botId, string baseUrl) =>
        Assert.Throws<ArgumentException>(() => TeamsPackage.Manifest("{}", botId, baseUrl));

    [Fact]
    public void ColorIcon_Is192Square_Opaque_WithTheAccentAndAWhiteSymbol()
    {
        var png = Png.Decode(File.ReadAllBytes(Path.Combine(ManifestFolder, "color.png")));
        Assert.Equal((192, 192), (png.Width, png.Height));
        Assert.All(png.Pixels(), p => Assert.Equal(255, p.A));
        Assert.Equal(AppIcons.Accent, (png[0, 0].R, png[0, 0].G, png[0, 0].B));
        Assert.Equal(AppIcons.Accent, (png[191, 191].R, png[191, 191].G, png[191, 191].B));
        Assert.Contains(png.Pixels(), p => p is { R: 255, G: 255, B: 255 });
        // The symbol stays inside the middle 96×96 (48 px padding).
        for (var i = 0; i < 192; i++)
            foreach (var (x, y) in new[] { (i, 47), (47, i), (i, 144), (144, i) })
                Assert.Equal(AppIcons.Accent, (png[x, y].R, png[x, y].G, png[x, y].B));
    }

    [Fact]
    public void OutlineIcon_Is32Square_WhiteOnTransparent()
    {
        var png = Png.Decode(File.ReadAllBytes(Path.Combine(ManifestFolder, "outline.png")));
        Assert.Equal((32, 32), (png.Width, png.Height));
        Assert.All(png.Pixels(), p => Assert.Equal((255, 255, 255), (p.R, p.G, p.B)));
        Assert.Equal(0, png[0, 0].A);
        Assert.Equal(0, png[31, 0].A);
        Assert.Contains(png.Pixels(), p => p.A == 255);
        Assert.True(png.Pixels().Count(p => p.A == 0) > 32 * 32 / 3, "mostly transparent");
    }

    [Fact]
    public void CheckedInIcons_AreWhatThePainterDraws()
    {
        Assert.Equal(AppIcons.Color(), File.ReadAllBytes(Path.Combine(ManifestFolder, "color.png")));
        Assert.Equal(AppIcons.Outline(), File.ReadAllBytes(Path.Combine(ManifestFolder, "outline.png")));
    }

    [Fact]
    public void Package_HoldsManifestAndIcons_AtTheRoot_WithTheAppIdFilledIn()
    {
        var output = Path.Combine(Path.GetTempPath(), $"leadbot-teams-{Guid.NewGuid():N}.zip");
        try
        {
            var exit = TeamsPackage.Run(["--app-id", BotId, "--base-url", BaseUrl, "--out", output], ManifestFolder, TextWriter.Null, TextWriter.Null);
            Assert.Equal(0, exit);
            using var zip = ZipFile.OpenRead(output);
            Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());
            using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
            var text = reader.ReadToEnd();
            Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
            Assert.Equal(BotId, JsonNode.Parse(text)!["bots"]![0]!["botId"]!.GetValue<string>());
        }
        finally { File.Delete(output); }
    }

    [Fact]
    public void Package_WithoutAnAppId_ExplainsWhatIsMissing()
    {
        var error = new StringWriter();
        Assert.Equal(2, TeamsPackage.Run(["--base-url", BaseUrl], ManifestFolder, TextWriter.Null, error, _ => null));
        Assert.Contains("--app-id", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Package_TakesTheAppIdVersionAndLegalUrls_FromTheEnvironment_AndStaysValid()
    {
        const string teamsAppId = "0f6a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
        var environment = new Dictionary<string, string>
        {
            ["BOT_ID"] = BotId, ["BOT_ENDPOINT"] = BaseUrl, ["TEAMS_APP_ID"] = teamsAppId, ["APP_VERSION"] = "1.4.2",
            ["PRIVACY_URL"] = "https://contoso.example/legal/privacy",
        };
        var output = Path.Combine(Path.GetTempPath(), $"leadbot-teams-{Guid.NewGuid():N}.zip");
        try
        {
            Assert.Equal(0, TeamsPackage.Run(["--out", output], ManifestFolder, TextWriter.Null, TextWriter.Null, environment.GetValueOrDefault));
            using var zip = ZipFile.OpenRead(output);
            using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
            var manifest = JsonNode.Parse(reader.ReadToEnd())!;

            Assert.Equal(teamsAppId, (string?)manifest["id"]);
            Assert.Equal("1.4.2", (string?)manifest["version"]);
            Assert.Equal(BotId, (string?)manifest["bots"]![0]!["botId"]);
            Assert.Equal("https://contoso.example/legal/privacy", (string?)manifest["developer"]!["privacyUrl"]);
            Assert.Equal(BaseUrl + "/terms", (string?)manifest["developer"]!["termsOfUseUrl"]); // not given: the bot's own page
            using var doc = JsonDocument.Parse(manifest.ToJsonString());
            Assert.True(TeamsSchema("1.22").Evaluate(doc.RootElement).IsValid);
        }
        finally { File.Delete(output); }
    }

    [Theory]
    [InlineData("--version", "1.4", "three numbers")]
    [InlineData("--teams-app-id", "leadbot", "Teams app id must be a GUID")]
    [InlineData("--privacy-url", "http://contoso.example/privacy", "privacy URL must be a public https address")]
    public void Package_RefusesValuesTeamsWouldRefuse(string option, string value, string message)
    {
        var error = new StringWriter();
        Assert.Equal(2, TeamsPackage.Run(["--app-id", BotId, "--base-url", BaseUrl, option, value, "--out", Path.Combine(Path.GetTempPath(), "never.zip")], ManifestFolder, TextWriter.Null, error, _ => null));
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>A small PNG reader for the icon checks: 8-bit RGBA, all five row filters, no interlacing.</summary>
internal sealed class Png(int width, int height, byte[] rgba)
{
    public int Width => width;
    public int Height => height;
    public (byte R, byte G, byte B, byte A) this[int x, int y] { get { var i = 4 * (y * width + x); return (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]); } }
    public IEnumerable<(byte R, byte G, byte B, byte A)> Pixels() { for (var y = 0; y < height; y++) for (var x = 0; x < width; x++) yield return this[x, y]; }

    public static Png Decode(byte[] file)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, file[..8]);
        int w = 0, h = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < file.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            var data = file.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                w = BinaryPrimitives.ReadInt32BigEndian(data); h = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]); Assert.Equal(6, data[9]); Assert.Equal(0, data[12]); // RGBA8, not interlaced
            }
            if (type == "IDAT") idat.Write(data);
            at += 12 + length;
        }
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        var stride = 4 * w;
        var pixels = new byte[stride * h];
        for (var y = 0; y < h; y++)
        {
            var filter = bytes[y * (stride + 1)];
            for (var i = 0; i < stride; i++)
            {
                var x = bytes[y * (stride + 1) + 1 + i];
                int a = i >= 4 ? pixels[y * stride + i - 4] : 0, b = y > 0 ? pixels[(y - 1) * stride + i] : 0, c = i >= 4 && y > 0 ? pixels[(y - 1) * stride + i - 4] : 0;
                var predicted = filter switch
                {
                    0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2,
                    4 => Math.Abs(b - c) <= Math.Abs(a - c) && Math.Abs(b - c) <= Math.Abs(a + b - 2 * c) ? a : Math.Abs(b - c) <= Math.Abs(a + b - 2 * c) ? b : c,
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                };
                pixels[y * stride + i] = (byte)(x + predicted);
            }
        }
        return new Png(w, h, pixels);
    }
}
