using System.Text.Json;
using System.Text.Json.Nodes;
using LeadBot.Cards.Text;
using static LeadBot.Cards.Slack.Blocks;

namespace LeadBot.Cards.Slack;

/// <summary>A proposed change of the agreement as Block Kit, with Approve and Decline while pending; Decline asks for a comment in a modal.</summary>
internal static class ProposalMessages
{
    const int MaxVotes = 10, CommentMax = 1000;

    public static SlackMessage Proposal(ProposalView view)
    {
        var blocks = new List<JsonObject?>
        {
            Context($"Proposed change to the marketing–sales agreement · v{view.BaseVersion}"),
            Header(Plain(view.Summary, HeaderText)),
            Section(Status(view)),
            Context($"{Md(view.Id)} · proposed by {Md(view.ProposedBy, 60)} · {Date(view.ProposedAt)}"),
        };
        if (TextFormat.Paragraphs(view.ProposerComment) is not null) blocks.Add(Section("> " + MdParagraphs(view.ProposerComment, CommentMax).Replace("\n", "\n> ", StringComparison.Ordinal)));
        if (view.Effect is { } effect) blocks.Add(Section("*What it would have done*\n" + Md(effect, CommentMax)));
        if (view.Warning is { } warning) blocks.Add(Section(":warning: " + Md(warning, LineMax)));
        if (view.Approvals is { Count: > 0 } votes)
            blocks.Add(Section("*Approved by*\n" + string.Join("\n", votes.Take(MaxVotes).Select(v =>
                $"✔ {Md(v.Name, 60)} ({Md(v.Side)}){(TextFormat.Line(v.Comment) is { } c ? ": " + Md(c, LineMax) : "")}"))));
        if (view.IsPending)
            blocks.Add(Actions(SlackIds.ProposalActionsBlock,
                Button("Approve", SlackIds.ActionApproveProposal, view.Id, "primary"),
                Button("Decline", SlackIds.ActionDeclineProposal, view.Id, "danger")));
        return new($"Proposal {Plain(view.Id)}: {Plain(view.Summary)} ({Plain(view.Status)})", Array(blocks));
    }

    private static string Status(ProposalView view) => view.Status switch
    {
        ProposalView.Applied => $":white_check_mark: *Applied: agreement v{view.AppliedVersion} is in force*",
        ProposalView.Declined => $":x: *Declined by {Md(view.DeclinedBy, 60)}*" +
            (TextFormat.Paragraphs(view.DeclineComment) is not null ? "\n> " + MdParagraphs(view.DeclineComment, CommentMax).Replace("\n", "\n> ", StringComparison.Ordinal) : ""),
        _ => $":hourglass_flowing_sand: *Waiting for {Md(view.Waiting ?? "approval", LineMax)}*",
    };

    public static JsonObject DeclineModal(string proposalId, string? channelId)
    {
        var metadata = new JsonObject { ["proposal_id"] = proposalId };
        if (channelId is not null) metadata["channel_id"] = channelId;
        return new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = SlackIds.DeclineModalCallback,
            ["private_metadata"] = metadata.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            ["title"] = PlainText("Decline proposal", 24),
            ["submit"] = PlainText("Decline", 24),
            ["close"] = PlainText("Cancel", 24),
            ["blocks"] = new JsonArray(
                Section($"Declining proposal {Md(proposalId)} closes it. Both sides see your comment."),
                new JsonObject
                {
                    ["type"] = "input",
                    ["block_id"] = SlackIds.DeclineCommentBlock,
                    ["label"] = PlainText("Why decline?", 2000),
                    ["element"] = new JsonObject
                    {
                        ["type"] = "plain_text_input",
                        ["action_id"] = SlackIds.DeclineCommentAction,
                        ["multiline"] = true,
                        ["max_length"] = CommentMax,
                        ["placeholder"] = PlainText("Retail is next quarter's focus.", 150),
                    },
                }),
        };
    }
}
