using System.Text.Json.Nodes;
using LeadBot.Cards.Text;
using static LeadBot.Cards.Teams.Ac;

namespace LeadBot.Cards.Teams;

/// <summary>
/// A proposed change of the agreement as an Adaptive Card: the change, its evidence, who approved it, and while it is
/// pending Approve and Decline (a form asking for the comment both sides will read).
/// </summary>
internal static class ProposalCards
{
    const int MaxVotes = 10;

    public static JsonObject Proposal(ProposalView view)
    {
        var body = Items(
            Subtle("Proposed change to the marketing–sales agreement · v" + view.BaseVersion),
            TextBlock(Esc(view.Summary, LineMax), size: "Large", weight: "Bolder", spacing: "None"),
            Subtle($"{Esc(view.Id)} · proposed by {Esc(view.ProposedBy, 60)} · {LeadCards.DateTime(view.ProposedAt)}", "None"));
        body.Insert(0, Banner(view));
        if (TextFormat.Paragraphs(view.ProposerComment) is { } why) body.Add(TextBlock("“" + TextFormat.Fit(why, CommentMax, Markup.Teams) + "”", spacing: "Small"));
        if (view.Effect is { } effect)
        {
            body.Add(Heading("What it would have done"));
            body.Add(TextBlock(Esc(effect, CommentMax), spacing: "None"));
        }
        if (view.Warning is { } warning) body.Add(TextBlock("⚠️ " + Esc(warning, LineMax), color: "Attention", spacing: "Small"));
        if (view.Approvals is { Count: > 0 } votes)
        {
            body.Add(Heading("Approved by"));
            foreach (var v in votes.Take(MaxVotes))
                body.Add(TextBlock($"✔ {Esc(v.Name, 60)} ({Esc(v.Side)}){(TextFormat.Line(v.Comment) is { } c ? ": " + Esc(c, LineMax) : "")}", spacing: "None"));
        }
        JsonArray? actions = view.IsPending
            ? [Execute("Approve", CardVerbs.ApproveProposal, Data(view.Id)), DeclineForm(view.Id)]
            : null;
        return Card(body, actions, $"Proposal {Esc(view.Id)}: {Esc(view.Summary)} ({Esc(view.Status)})");
    }

    private static JsonObject Banner(ProposalView view) => view.Status switch
    {
        ProposalView.Applied => Container(
            [TextBlock($"✅ Applied: agreement v{view.AppliedVersion} is in force", weight: "Bolder", color: "Good"),
             Subtle(view.DecidedAt is { } at ? LeadCards.DateTime(at) : "", "None")], style: "good"),
        ProposalView.Declined => Container(Items(
            TextBlock("❌ Declined by " + Esc(view.DeclinedBy, 60), weight: "Bolder", color: "Attention"),
            view.DecidedAt is { } at ? Subtle(LeadCards.DateTime(at), "None") : null,
            TextFormat.Paragraphs(view.DeclineComment) is { } c ? TextBlock("“" + TextFormat.Fit(c, CommentMax, Markup.Teams) + "”") : null), style: "attention"),
        _ => Container([TextBlock("⏳ Waiting for " + Esc(view.Waiting ?? "approval", LineMax), weight: "Bolder")], style: "warning"),
    };

    private static JsonObject Data(string proposalId) => new() { [CardData.ProposalId] = proposalId };

    /// <summary>Decline opens a form inside the card: the comment is required, because both sides read why.</summary>
    private static JsonObject DeclineForm(string proposalId)
    {
        JsonArray body =
        [
            new JsonObject
            {
                ["type"] = "Input.Text", ["id"] = CardData.Comment, ["label"] = "Why decline? Both sides read this.",
                ["isMultiline"] = true, ["maxLength"] = CommentMax, ["isRequired"] = true, ["errorMessage"] = "Say why, for both sides.",
                ["placeholder"] = "Retail is next quarter's focus.",
            },
        ];
        return ShowCard("Decline", body, [Execute("Decline proposal", CardVerbs.DeclineProposal, Data(proposalId), withInputs: true)]);
    }
}
