using System.Text.Json.Nodes;
using LeadBot.Cards.Text;

namespace LeadBot.Cards.Slack;

/// <summary>
/// Block Kit pieces with Slack's size limits built in (see tests/Reference/slack/block-kit-limits.json).
/// Methods named <c>Data…</c>/<c>Md</c>/<c>Plain</c> escape raw data; the rest take text this library wrote.
/// </summary>
internal static class Blocks
{
    public const int MessageMaxBlocks = 50, ViewMaxBlocks = 100, SectionText = 3000, FieldText = 2000, FieldsPerSection = 10,
        HeaderText = 150, ButtonText = 75, ButtonValue = 2000, BlockId = 255, ContextElements = 10;

    // Per-value caps keep one long field from eating a whole section.
    public const int ShortMax = 120, LineMax = 300;

    /// <summary>Escaped mrkdwn of one line of data, at most <paramref name="max"/> chars after escaping.</summary>
    public static string Md(string? raw, int max = ShortMax) => TextFormat.Fit(TextFormat.Line(raw) ?? "", max, Markup.Mrkdwn);

    /// <summary>Escaped mrkdwn of free text that keeps its line breaks.</summary>
    public static string MdParagraphs(string? raw, int max) => TextFormat.Fit(TextFormat.Paragraphs(raw) ?? "", max, Markup.Mrkdwn);

    public static string Plain(string? raw, int max = ShortMax) => TextFormat.Fit(TextFormat.Line(raw) ?? "", max, Markup.SlackPlain);

    public static JsonObject PlainText(string text, int max)
    {
        return new JsonObject { ["type"] = "plain_text", ["text"] = TextFormat.Truncate(text, max), ["emoji"] = true };
    }

    public static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    public static JsonObject Header(string text, string? blockId = null) =>
        WithId(new JsonObject { ["type"] = "header", ["text"] = PlainText(text, HeaderText) }, blockId);

    /// <summary>A section; <paramref name="mrkdwn"/> must already be escaped and is cut to the 3,000-char limit as a last resort.</summary>
    public static JsonObject Section(string mrkdwn, string? blockId = null, IReadOnlyList<string>? fields = null, JsonObject? accessory = null)
    {
        var section = new JsonObject { ["type"] = "section", ["text"] = Mrkdwn(Cap(mrkdwn, SectionText)) };
        if (fields is { Count: > 0 })
            section["fields"] = new JsonArray(fields.Take(FieldsPerSection).Select(f => (JsonNode)Mrkdwn(Cap(f, FieldText))).ToArray());
        if (accessory is not null) section["accessory"] = accessory;
        return WithId(section, blockId);
    }

    /// <summary>Sections of at most ten "*Label:*\nvalue" fields each; the first gets <paramref name="blockId"/>.</summary>
    public static IEnumerable<JsonObject> FieldSections(string text, IReadOnlyList<string> fields, string blockId)
    {
        var chunks = fields.Chunk(FieldsPerSection).ToList();
        if (chunks.Count == 0) { yield return Section(text, blockId); yield break; }
        for (var i = 0; i < chunks.Count; i++)
            yield return i == 0 ? Section(text, blockId, chunks[i]) : FieldsOnly(chunks[i], $"{blockId}_{i + 1}");
    }

    public static string Field(string label, string escapedValue) => $"*{label}:*\n{escapedValue}";

    public static JsonObject Context(string mrkdwn, string? blockId = null) => WithId(new JsonObject
    {
        ["type"] = "context",
        ["elements"] = new JsonArray(Mrkdwn(Cap(mrkdwn, SectionText))),
    }, blockId);

    public static JsonObject Divider() => new() { ["type"] = "divider" };

    public static JsonObject Actions(string? blockId, params JsonObject[] elements) =>
        WithId(new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray(elements.Take(25).ToArray<JsonNode>()) }, blockId);

    public static JsonObject Button(string text, string actionId, string value, string? style = null)
    {
        var button = new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = actionId,
            ["text"] = PlainText(text, ButtonText),
            ["value"] = TextFormat.Truncate(value, ButtonValue),
        };
        if (style is not null) button["style"] = style;
        return button;
    }

    /// <summary>Only http(s) URLs become images; anything else is dropped rather than handed to Slack.</summary>
    public static JsonObject? Image(string? url, string? altText)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || url!.Length > 3000) return null;
        return new JsonObject
        {
            ["type"] = "image",
            ["image_url"] = uri.AbsoluteUri,
            ["alt_text"] = TextFormat.Truncate(TextFormat.Line(altText) ?? "Chart", 2000),
        };
    }

    /// <summary>A block id carrying data is only used when it fits; Slack rejects the whole message otherwise.</summary>
    public static string? Id(string blockId, string fallback) => blockId.Length <= BlockId ? blockId : fallback;

    /// <summary>"&lt;@U123&gt;" for a real Slack user id, else the escaped display name: data never becomes a mention.</summary>
    public static string Person(PersonView person) =>
        person.SlackUserId is { } id && IsUserId(id) ? $"<@{id}>" : "*" + Md(person.DisplayName, 60) + "*";

    /// <summary>Slack date token: shown in the reader's time zone, with a UTC fallback for old clients.</summary>
    public static string Date(DateTimeOffset at) =>
        $"<!date^{at.ToUnixTimeSeconds()}^{{date_short_pretty}} at {{time}}|{TextFormat.Utc(at)}>";

    public static JsonArray Array(IEnumerable<JsonObject?> blocks) => new(blocks.OfType<JsonObject>().ToArray<JsonNode>());

    static bool IsUserId(string id) => id.Length is >= 3 and <= 32 && id[0] is 'U' or 'W' && id.All(char.IsAsciiLetterOrDigit);

    static JsonObject FieldsOnly(IEnumerable<string> fields, string blockId) => new()
    {
        ["type"] = "section",
        ["block_id"] = blockId,
        ["fields"] = new JsonArray(fields.Select(f => (JsonNode)Mrkdwn(Cap(f, FieldText))).ToArray()),
    };

    static JsonObject WithId(JsonObject block, string? blockId)
    {
        if (blockId is null) return block;
        // Keep "type" first in the JSON for readable golden files.
        var result = new JsonObject { ["type"] = block["type"]!.GetValue<string>(), ["block_id"] = blockId };
        foreach (var (key, value) in block.ToList())
        {
            if (key == "type") continue;
            block.Remove(key);
            result[key] = value;
        }
        return result;
    }

    // Escaped text is only cut here when a caller's own budget was wrong; cutting after escaping may split an entity, never a tag.
    static string Cap(string text, int max) => text.Length <= max ? text : TextFormat.Truncate(text, max);
}
