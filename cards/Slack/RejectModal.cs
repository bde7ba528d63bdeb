using System.Text.Json;
using System.Text.Json.Nodes;
using LeadBot.Cards.Text;
using static LeadBot.Cards.Slack.Blocks;

namespace LeadBot.Cards.Slack;

/// <summary>The reject modal (views.open "view"), matching tests/Reference/slack/samples/outbound/views.open.reject_modal.json.</summary>
internal static class RejectModal
{
    public const int PrivateMetadataMax = 3000;

    public static JsonObject View(string leadId, string? privateMetadata)
    {
        var metadata = privateMetadata ?? Metadata(leadId, null, null);
        if (metadata.Length > PrivateMetadataMax)
            throw new ArgumentException($"private_metadata is limited to {PrivateMetadataMax} characters by Slack.", nameof(privateMetadata));
        var options = new JsonArray(RejectionReasons.All.Select(r => (JsonNode)new JsonObject
        {
            ["text"] = PlainText(r.Label, 75),
            ["value"] = r.Code,
        }).ToArray());
        return new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = SlackIds.RejectModalCallback,
            ["private_metadata"] = metadata,
            ["title"] = PlainText("Reject lead", 24),
            ["submit"] = PlainText("Reject", 24),
            ["close"] = PlainText("Cancel", 24),
            ["notify_on_close"] = false,
            ["blocks"] = new JsonArray(
                Section($"Rejecting lead {Md(leadId)}. Marketing sees your reason and comment, so they can send better leads.",
                    SlackIds.RejectContextBlock),
                new JsonObject
                {
                    ["type"] = "input",
                    ["block_id"] = SlackIds.ReasonBlock,
                    ["label"] = PlainText("Reason", 2000),
                    ["element"] = new JsonObject
                    {
                        ["type"] = "static_select",
                        ["action_id"] = SlackIds.ReasonAction,
                        ["placeholder"] = PlainText("Pick a reason", 150),
                        ["options"] = options,
                    },
                },
                new JsonObject
                {
                    ["type"] = "input",
                    ["block_id"] = SlackIds.CommentBlock,
                    ["optional"] = true,
                    ["label"] = PlainText("Comment for marketing", 2000),
                    ["hint"] = PlainText("Required when the reason is “Other”.", 2000),
                    ["element"] = new JsonObject
                    {
                        ["type"] = "plain_text_input",
                        ["action_id"] = SlackIds.CommentAction,
                        ["multiline"] = true,
                        ["max_length"] = 2000,
                        ["placeholder"] = PlainText("What should marketing know about this lead?", 150),
                    },
                }),
        };
    }

    /// <summary>The JSON the reference sample keeps in private_metadata: lead id plus where the card lives, so the submit can update it.</summary>
    public static string Metadata(string leadId, string? channelId, string? messageTs)
    {
        var o = new JsonObject { ["lead_id"] = leadId };
        if (channelId is not null) o["channel_id"] = channelId;
        if (messageTs is not null) o["message_ts"] = messageTs;
        return o.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
