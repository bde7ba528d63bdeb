using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LeadBot.Tests.Cards.Teams;

/// <summary>Reading a Teams card the way a reader sees it.</summary>
internal static partial class TeamsCardKit
{
    static readonly HashSet<string> MarkdownKeys = ["text", "value", "title", "fallbackText"];

    /// <summary>Strings that Teams renders as markdown (TextBlock text, fact titles/values, fallback), outside msteams and inputs.</summary>
    public static IEnumerable<string> MarkdownTexts(JsonObject card)
    {
        var copy = card.DeepClone().AsObject();
        copy.Remove("msteams");
        foreach (var o in CardTestKit.Objects(copy))
        {
            var type = o["type"]?.GetValue<string>();
            if (type is "Input.ChoiceSet" or "Input.Text" || type?.StartsWith("Action.", StringComparison.Ordinal) == true) o.Remove("title");
            if (type is "Input.ChoiceSet") o.Remove("choices");
            o.Remove("data");
        }
        return CardTestKit.Strings(copy).Where(s => MarkdownKeys.Contains(s.Key)).Select(s => s.Value);
    }

    /// <summary>What markdown shows: backslash escapes resolved, zero-width spaces gone.</summary>
    public static string Visible(string markdown) => Escaped().Replace(markdown.Replace("\u200B", "", StringComparison.Ordinal), "$1");

    public static string AllVisible(JsonObject card) => string.Join("\n", MarkdownTexts(card).Select(Visible));

    public static JsonArray Actions(JsonObject card) => card["actions"]?.AsArray() ?? [];

    public static IEnumerable<(string Title, string Value)> Facts(JsonObject card) =>
        CardTestKit.Objects(card["body"]).Where(o => o["type"]?.GetValue<string>() == "FactSet")
            .SelectMany(f => f["facts"]!.AsArray().Select(x => (x!["title"]!.GetValue<string>(), x["value"]!.GetValue<string>())));

    public static IEnumerable<JsonObject> OfType(JsonNode? node, string type) =>
        CardTestKit.Objects(node).Where(o => o["type"]?.GetValue<string>() == type);

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial Regex Escaped();
}
