using System.Text.Json.Nodes;
using LeadBot.Cards.Text;

namespace LeadBot.Cards.Teams;

/// <summary>
/// The few Adaptive Card 1.5 elements LeadBot uses, as JSON. Methods named <c>Data…</c> take raw data and escape it;
/// the others take text this library wrote itself.
/// </summary>
internal static class Ac
{
    public const string Version = "1.5";
    public const string Schema = "http://adaptivecards.io/schemas/adaptive-card.json";

    // Limits per piece of data keep the whole card far below Teams' 28 KB message limit whatever the lead holds.
    public const int ShortMax = 120, LineMax = 300, CommentMax = 1000;

    public static string Esc(string? raw, int max = ShortMax) => TextFormat.Fit(TextFormat.Line(raw) ?? "", max, Markup.Teams);

    public static JsonObject Card(JsonArray body, JsonArray? actions, string fallbackText, JsonObject? refresh = null, JsonArray? mentions = null)
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = Schema,
            ["version"] = Version,
            ["fallbackText"] = fallbackText,
        };
        if (refresh is not null) card["refresh"] = refresh;
        card["body"] = body;
        if (actions is { Count: > 0 }) card["actions"] = actions;
        var msteams = new JsonObject { ["width"] = "Full" };
        if (mentions is { Count: > 0 }) msteams["entities"] = mentions;
        card["msteams"] = msteams;
        return card;
    }

    public static JsonObject TextBlock(string text, string? size = null, string? weight = null, string? color = null,
        bool subtle = false, string? spacing = null, bool separator = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (size is not null) block["size"] = size;
        if (weight is not null) block["weight"] = weight;
        if (color is not null) block["color"] = color;
        if (subtle) block["isSubtle"] = true;
        if (spacing is not null) block["spacing"] = spacing;
        if (separator) block["separator"] = true;
        return block;
    }

    public static JsonObject Title(string text) => TextBlock(text, size: "Large", weight: "Bolder");
    public static JsonObject Heading(string text) => TextBlock(text, weight: "Bolder", spacing: "Medium");
    public static JsonObject Subtle(string text, string? spacing = null) => TextBlock(text, subtle: true, spacing: spacing, size: "Small");

    /// <summary>A FactSet of already-escaped pairs; null when there is nothing to show, so no empty set renders.</summary>
    public static JsonObject? Facts(IEnumerable<(string Title, string Value)> facts)
    {
        var array = new JsonArray(facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["value"] = f.Value }).ToArray());
        return array.Count == 0 ? null : new JsonObject { ["type"] = "FactSet", ["facts"] = array };
    }

    /// <summary>Lead facts the field allowlist lets through, escaped.</summary>
    public static JsonObject? LeadFacts(LeadView lead, ChannelFields fields) =>
        Facts(LeadSummary.Facts(lead, fields).Select(f => (f.Label, Esc(f.Value))));

    public static JsonObject Container(JsonArray items, string? style = null, string? spacing = null, bool separator = false)
    {
        var c = new JsonObject { ["type"] = "Container", ["items"] = items };
        if (style is not null) c["style"] = style;
        if (spacing is not null) c["spacing"] = spacing;
        if (separator) c["separator"] = true;
        return c;
    }

    public static JsonObject Execute(string title, string verb, JsonObject data, bool withInputs = false)
    {
        var action = new JsonObject { ["type"] = "Action.Execute", ["title"] = title, ["verb"] = verb, ["data"] = data };
        // Buttons that need no input must not validate the reject form hidden in the same card.
        action["associatedInputs"] = withInputs ? "Auto" : "None";
        return action;
    }

    public static JsonObject LeadData(string leadId) => new() { [CardData.LeadId] = leadId };

    public static JsonObject ShowCard(string title, JsonArray body, JsonArray actions) => new()
    {
        ["type"] = "Action.ShowCard",
        ["title"] = title,
        ["card"] = new JsonObject { ["type"] = "AdaptiveCard", ["body"] = body, ["actions"] = actions },
    };

    public static JsonObject ActionSet(JsonArray actions, string? spacing = null)
    {
        var set = new JsonObject { ["type"] = "ActionSet", ["actions"] = actions };
        if (spacing is not null) set["spacing"] = spacing;
        return set;
    }

    /// <summary>Only http(s) URLs become images; anything else is dropped rather than handed to a client.</summary>
    private const string PngDataUri = "data:image/png;base64,";
    private const int MaxDataUri = 16_000;

    private static bool IsBase64(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')) return false;
        return text.Length > 0;
    }

    public static JsonObject? Image(string? url, string? altText)
    {
        string? safe = url switch
        {
            // Teams renders base64 PNGs inline, so a chart needs no public URL; the size cap keeps the card under 28 KB.
            { Length: <= MaxDataUri } when url.StartsWith(PngDataUri, StringComparison.Ordinal) && IsBase64(url.AsSpan(PngDataUri.Length)) => url,
            { Length: <= 2048 } when Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" => uri.AbsoluteUri,
            _ => null,
        };
        if (safe is null) return null;
        return new JsonObject
        {
            ["type"] = "Image",
            ["url"] = safe,
            ["altText"] = Markup.NoTemplate(TextFormat.Truncate(TextFormat.Line(altText) ?? "Chart", ShortMax)),
            ["size"] = "Stretch",
        };
    }

    /// <summary>Appends every non-null element.</summary>
    public static JsonArray Items(params JsonNode?[] items) => new(items.Where(i => i is not null).ToArray());
}
