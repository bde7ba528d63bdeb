using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadBot.Tests.Cards;

/// <summary>Paths, JSON walking and golden files shared by the card tests.</summary>
internal static class CardTestKit
{
    public static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The source folder tests/Cards (not the bin copy), where golden files live.</summary>
    public static string CardsSourceDir { get; } = FindUp(d => Path.Combine(d, "Cards"), d => File.Exists(Path.Combine(d, "..", "LeadBot.Tests.csproj")))
        ?? throw new DirectoryNotFoundException("No tests/Cards found above " + AppContext.BaseDirectory);

    /// <summary>A file under tests/Reference (the official schemas and recorded payloads kept in the checkout).</summary>
    public static string ReferencePath(params string[] parts) => LeadBot.Tests.Support.ReferenceFiles.PathOf(parts);

    static string? FindUp(Func<string, string> candidate, Func<string, bool> exists)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (exists(candidate(dir.FullName))) return Path.GetFullPath(candidate(dir.FullName));
        return null;
    }

    /// <summary>Every (key, string value) pair in a JSON tree, with the key that holds it.</summary>
    public static IEnumerable<(string Key, string Value)> Strings(JsonNode? node, string key = "")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o) foreach (var s in Strings(v, k)) yield return s;
                break;
            case JsonArray a:
                foreach (var v in a) foreach (var s in Strings(v, key)) yield return s;
                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                yield return (key, s);
                break;
        }
    }

    /// <summary>Every object in a JSON tree (depth first), for checks on element types.</summary>
    public static IEnumerable<JsonObject> Objects(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            yield return o;
            foreach (var (_, v) in o) foreach (var c in Objects(v)) yield return c;
        }
        else if (node is JsonArray a)
            foreach (var v in a) foreach (var c in Objects(v)) yield return c;
    }

    public static string Serialize(JsonNode node) => node.ToJsonString(Pretty).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

    /// <summary>Compares with tests/Cards/golden/<paramref name="name"/>.json; UPDATE_GOLDEN=1 rewrites the file instead.</summary>
    public static void AssertGolden(string name, JsonNode actual)
    {
        var path = Path.Combine(CardsSourceDir, "golden", name + ".json");
        var text = Serialize(actual);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return;
        }
        Assert.True(File.Exists(path), $"Golden file {name}.json is missing: run the tests once with UPDATE_GOLDEN=1 and review it.");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(expected == text, $"Card {name} differs from golden/{name}.json. If the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff.\nActual:\n{text}");
    }
}
