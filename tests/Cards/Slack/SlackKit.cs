using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LeadBot.Tests.Cards.Slack;

/// <summary>Reading Block Kit the way Slack would: which text is mrkdwn, which tokens it would turn into pings.</summary>
internal static partial class SlackKit
{
    public static JsonNode Sample(string path) => JsonNode.Parse(File.ReadAllText(CardTestKit.ReferencePath(["slack", "samples", .. path.Split('/')])))!;

    public static IEnumerable<JsonObject> TextObjects(JsonNode node, string type) =>
        CardTestKit.Objects(node).Where(o => o["type"]?.GetValue<string>() == type && o["text"] is JsonValue);

    /// <summary>Every "&lt;…&gt;" token Slack would interpret in mrkdwn and in the top-level text.</summary>
    public static IEnumerable<string> Tokens(string mrkdwn) => Token().Matches(mrkdwn).Select(m => m.Value);

    /// <summary>Tokens the library may emit itself: a user mention from a vetted id, and a date.</summary>
    public static bool IsOwnToken(string token) => OwnToken().IsMatch(token);

    /// <summary>What Slack shows for escaped mrkdwn: entities decoded, zero-width spaces gone.</summary>
    public static string Visible(string mrkdwn) => WebUtility.HtmlDecode(mrkdwn.Replace("\u200B", "", StringComparison.Ordinal));

    public static string AllVisible(JsonNode node) =>
        string.Join("\n", TextObjects(node, "mrkdwn").Concat(TextObjects(node, "plain_text")).Select(t => Visible(t["text"]!.GetValue<string>())));

    public static JsonObject Block(JsonArray blocks, string blockId) =>
        blocks.Select(b => b!.AsObject()).Single(b => b["block_id"]?.GetValue<string>() == blockId);

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Token();

    [GeneratedRegex(@"^(<@[UW][A-Z0-9]+>|<!date\^\d+\^\{date_short_pretty\} at \{time\}\|[^<>|]+>)$")]
    private static partial Regex OwnToken();
}
