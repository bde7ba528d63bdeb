using System.Text.Json.Nodes;

namespace LeadBot.Tests.Cards.Slack;

/// <summary>Slack's Block Kit limits, read from tests/Reference/slack/block-kit-limits.json, checked on a block list or a view.</summary>
internal sealed class SlackLimits
{
    readonly JsonNode limits = JsonNode.Parse(File.ReadAllText(CardTestKit.ReferencePath("slack", "block-kit-limits.json")))!;
    readonly List<string> problems = [];

    int L(string path) => path.Split('.').Aggregate(limits, (n, k) => n[k]!).GetValue<int>();

    public static IReadOnlyList<string> CheckMessage(JsonArray blocks, string? text = null)
    {
        var s = new SlackLimits();
        s.Max("message blocks", blocks.Count, s.L("surfaces.message.max_blocks"));
        if (text is not null)
        {
            s.Max("message text", text.Length, s.L("surfaces.message.top_level_text_truncated_after_chars"));
            if (string.IsNullOrWhiteSpace(text)) s.problems.Add("empty fallback text");
        }
        s.Blocks(blocks);
        return s.problems;
    }

    public static IReadOnlyList<string> CheckView(JsonObject view)
    {
        var s = new SlackLimits();
        var type = view["type"]!.GetValue<string>();
        var blocks = view["blocks"]!.AsArray();
        s.Max($"{type} blocks", blocks.Count, s.L(type == "home" ? "surfaces.home_tab.max_blocks" : "surfaces.modal.max_blocks"));
        if (type == "modal")
        {
            foreach (var key in new[] { "title", "submit", "close" })
                if (view[key] is { } t) s.Max("modal " + key, Text(t).Length, s.L("surfaces.modal." + key));
            s.Max("callback_id", view["callback_id"]?.GetValue<string>().Length ?? 0, s.L("surfaces.modal.callback_id"));
        }
        s.Max("private_metadata", view["private_metadata"]?.GetValue<string>().Length ?? 0, s.L("surfaces.modal.private_metadata"));
        s.Blocks(blocks);
        return s.problems;
    }

    void Blocks(JsonArray blocks)
    {
        var ids = new HashSet<string>();
        foreach (var block in blocks.Select(b => b!.AsObject()))
        {
            var type = block["type"]!.GetValue<string>();
            if (block["block_id"]?.GetValue<string>() is { } id)
            {
                Max("block_id", id.Length, L("blocks.any_block.block_id"));
                if (!ids.Add(id)) problems.Add($"duplicate block_id {id}");
            }
            switch (type)
            {
                case "header":
                    if (block["text"]!["type"]!.GetValue<string>() != "plain_text") problems.Add("header text must be plain_text");
                    TextObject("header text", block["text"], L("blocks.header.text"));
                    break;
                case "section":
                    if (block["text"] is null && block["fields"] is null) problems.Add("section without text or fields");
                    if (block["text"] is { } t) TextObject("section text", t, L("blocks.section.text"));
                    var fields = block["fields"]?.AsArray() ?? [];
                    Max("section fields", fields.Count, L("blocks.section.fields_max_items"));
                    foreach (var f in fields) TextObject("section field", f, L("blocks.section.field_text"));
                    if (block["accessory"] is JsonObject acc) Element(acc);
                    break;
                case "actions":
                    var elements = block["elements"]!.AsArray();
                    Max("actions elements", elements.Count, L("blocks.actions.max_elements"));
                    var actionIds = new HashSet<string>();
                    foreach (var e in elements)
                    {
                        Element(e!.AsObject());
                        if (!actionIds.Add(e["action_id"]!.GetValue<string>())) problems.Add("duplicate action_id in one block");
                    }
                    break;
                case "context":
                    var items = block["elements"]!.AsArray();
                    Max("context elements", items.Count, L("blocks.context.max_elements"));
                    foreach (var e in items) TextObject("context text", e, L("blocks.section.text"));
                    break;
                case "input":
                    TextObject("input label", block["label"], L("blocks.input.label"));
                    if (block["hint"] is { } h) TextObject("input hint", h, L("blocks.input.hint"));
                    Element(block["element"]!.AsObject());
                    break;
                case "image":
                    Max("image_url", block["image_url"]!.GetValue<string>().Length, L("blocks.image.image_url"));
                    Max("alt_text", block["alt_text"]!.GetValue<string>().Length, L("blocks.image.alt_text"));
                    break;
                case "divider":
                    break;
                default:
                    problems.Add("unexpected block type " + type);
                    break;
            }
        }
    }

    void Element(JsonObject e)
    {
        Max("action_id", e["action_id"]?.GetValue<string>().Length ?? 0, L("elements.any_interactive_element.action_id"));
        if (e["placeholder"] is { } p) TextObject("placeholder", p, L("elements.any_input_element.placeholder"));
        switch (e["type"]!.GetValue<string>())
        {
            case "button":
                TextObject("button text", e["text"], L("elements.button.text"));
                Max("button value", e["value"]?.GetValue<string>().Length ?? 0, L("elements.button.value"));
                if (e["style"]?.GetValue<string>() is { } style && style is not ("primary" or "danger")) problems.Add("button style " + style);
                break;
            case "static_select":
                var options = e["options"]!.AsArray();
                Max("options", options.Count, L("elements.static_select.options_max_items"));
                foreach (var o in options)
                {
                    TextObject("option text", o!["text"], L("composition_objects.option.text"));
                    Max("option value", o["value"]!.GetValue<string>().Length, L("composition_objects.option.value"));
                }
                break;
            case "plain_text_input":
                Max("max_length", e["max_length"]?.GetValue<int>() ?? 0, L("elements.plain_text_input.max_length_setting_upper_bound"));
                break;
        }
    }

    void TextObject(string what, JsonNode? node, int max)
    {
        var text = Text(node);
        if (text.Length == 0) problems.Add($"{what} is empty");
        Max(what, text.Length, max);
    }

    static string Text(JsonNode? node) => node?["text"]?.GetValue<string>() ?? "";

    void Max(string what, int actual, int max)
    {
        if (actual > max) problems.Add($"{what}: {actual} > {max}");
    }
}
