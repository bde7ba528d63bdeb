using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace LeadBot.Tests.Cards.Teams;

/// <summary>Checks every Teams card must pass: the official 1.5 schema (without msteams), version, size, the msteams object.</summary>
internal static class AdaptiveCardRules
{
    public const int MaxBytes = 28 * 1024;

    static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(CardTestKit.ReferencePath("adaptive-cards", "schemas", "adaptive-card-1.5.0.schema.json"))));

    public static void AssertValid(JsonObject card, string name)
    {
        var version = card["version"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(version), $"{name}: version is missing (Teams mobile drops such cards)");
        Assert.True(Version.Parse(version!) <= new Version(1, 5), $"{name}: version {version} is newer than Teams renders");

        var bytes = System.Text.Encoding.UTF8.GetByteCount(card.ToJsonString());
        Assert.True(bytes < MaxBytes, $"{name}: {bytes} bytes, over the 28 KB Teams message limit");

        AssertMsTeams(card, name);

        // The official schema does not know Teams' msteams property (additionalProperties: false), so it is checked above and removed here.
        var copy = card.DeepClone().AsObject();
        copy.Remove("msteams");
        var result = Evaluate(copy);
        Assert.True(result.IsValid, $"{name} fails the Adaptive Card 1.5 schema:\n{Errors(result)}");
    }

    public static EvaluationResults Evaluate(JsonObject card)
    {
        using var doc = JsonDocument.Parse(card.ToJsonString());
        return Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    /// <summary>msteams: full width, and every mention entity matches "&lt;at&gt;…&lt;/at&gt;" text in the body with an object id.</summary>
    static void AssertMsTeams(JsonObject card, string name)
    {
        var msteams = Assert.IsType<JsonObject>(card["msteams"]);
        Assert.Equal("Full", msteams["width"]?.GetValue<string>());
        foreach (var key in msteams.Select(p => p.Key)) Assert.Contains(key, new[] { "width", "entities" });
        var texts = CardTestKit.Strings(card["body"]).Select(s => s.Value).ToList();
        foreach (var entity in msteams["entities"]?.AsArray() ?? [])
        {
            Assert.Equal("mention", entity!["type"]!.GetValue<string>());
            var text = entity["text"]!.GetValue<string>();
            Assert.Matches("^<at>[^<>]+</at>$", text);
            Assert.Contains(texts, t => t.Contains(text, StringComparison.Ordinal));
            Assert.True(Guid.TryParse(entity["mentioned"]!["id"]!.GetValue<string>(), out _), $"{name}: mention id is not an object id");
            Assert.False(string.IsNullOrWhiteSpace(entity["mentioned"]!["name"]!.GetValue<string>()));
        }
    }

    static string Errors(EvaluationResults result) => string.Join('\n', (result.Details ?? [])
        .Where(d => d.Errors is { Count: > 0 })
        .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))
        .Take(30));
}
