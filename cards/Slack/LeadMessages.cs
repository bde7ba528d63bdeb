using System.Text;
using System.Text.Json.Nodes;
using LeadBot.Cards.Text;
using static LeadBot.Cards.Slack.Blocks;

namespace LeadBot.Cards.Slack;

/// <summary>Block Kit messages of one lead's handoff, with the block and action ids of the reference samples.</summary>
internal static class LeadMessages
{
    const int MaxReasons = 8, ReasonMax = 250, CommentMax = 2000;

    public static SlackMessage Announcement(AnnouncementView view)
    {
        var lead = view.Lead;
        var headline = LeadSummary.Headline(lead, view.Fields);
        var blocks = new List<JsonObject?> { Header("New lead: " + Plain(headline), SlackIds.HeaderBlock) };
        blocks.AddRange(Summary(lead, view.Fields));
        blocks.Add(Why(lead));
        if (view.Mentions is { Count: > 0 } people)
            blocks.Add(Section("For " + string.Join(", ", people.Take(20).Select(Person))));
        blocks.Add(AcceptReject(lead.LeadId));
        blocks.Add(LeadContext(lead, view.Now));
        var score = lead.Score is { } s && view.Fields.Shows(LeadFields.Score) ? $"score {s}, " : "";
        return new($"New lead: {Md(headline)} ({score}{Md(lead.TeamName)})", Array(blocks));
    }

    public static SlackMessage Claimed(ClaimedView view, bool forOwner)
    {
        var lead = view.Lead;
        var fields = forOwner ? ChannelFields.All : view.Fields;
        var blocks = new List<JsonObject?> { Header("Lead: " + Plain(LeadSummary.Headline(lead, fields)), SlackIds.HeaderBlock) };
        blocks.AddRange(Summary(lead, fields));
        blocks.Add(Context($":white_check_mark: Accepted by {Person(view.Owner)} · {Date(view.ClaimedAt)} · time to claim {TextFormat.Duration(view.TimeToClaim)}",
            SlackIds.StatusBlock));
        if (forOwner)
        {
            blocks.Add(Section("*Record the outcome* when something happens with this lead."));
            blocks.Add(OutcomeButtons(lead.LeadId));
        }
        return new($"Lead {Md(lead.LeadId)} accepted by {Person(view.Owner)}", Array(blocks));
    }

    public static SlackMessage Rejected(RejectedView view)
    {
        var lead = view.Lead;
        var blocks = new List<JsonObject?> { Header("Lead: " + Plain(LeadSummary.Headline(lead, view.Fields)), SlackIds.HeaderBlock) };
        blocks.AddRange(Summary(lead, view.Fields));
        blocks.Add(Context($":x: Rejected by {Person(view.By)} ({Md(RejectionReasons.Label(view.Reason))}) · {Date(view.At)}", SlackIds.StatusBlock));
        if (TextFormat.Paragraphs(view.Comment) is not null)
            blocks.Add(Section("*Comment*\n" + MdParagraphs(view.Comment, CommentMax), "lead_reject_comment"));
        return new($"Lead {Md(lead.LeadId)} rejected by {Person(view.By)}: {Md(RejectionReasons.Label(view.Reason))}", Array(blocks));
    }

    public static SlackMessage Escalated(EscalatedView view)
    {
        var lead = view.Lead;
        var waited = TextFormat.Duration(view.Waiting);
        var headline = LeadSummary.Headline(lead, view.Fields);
        var blocks = new List<JsonObject?>
        {
            Header((view.Expired ? "Expired: " : "Waiting: ") + Plain(headline), SlackIds.HeaderBlock),
        };
        var who = view.Managers is { Count: > 0 } m ? string.Join(", ", m.Take(20).Select(Person)) + ": " : "";
        blocks.Add(Section(view.Expired
            ? $":alarm_clock: {who}nobody accepted this lead within {waited}. Please decide what happens to it."
            : $":warning: {who}nobody has accepted this lead for {waited}. Please assign it or pick it up.", "lead_escalation"));
        blocks.AddRange(Summary(lead, view.Fields));
        blocks.Add(Why(lead));
        if (!view.Expired) blocks.Add(AcceptReject(lead.LeadId));
        blocks.Add(LeadContext(lead, view.Now));
        return new($"{(view.Expired ? "Lead expired" : "Lead waiting")} {waited}: {Md(headline)}", Array(blocks));
    }

    /// <summary>No name, no company, no buttons: the person's data is gone and nobody can work the lead any more.</summary>
    public static SlackMessage Erased(ErasedView view)
    {
        var blocks = new List<JsonObject?>
        {
            Header("Lead: personal data erased", SlackIds.HeaderBlock),
            Section(ErasedText.Explanation, "lead_erased"),
            Context($"{Md(view.LeadId)} · {Md(view.TeamName)} · {Md(LeadSummary.State(view.State))} · erased {Date(view.ErasedAt)}", SlackIds.StatusBlock),
        };
        return new($"Lead {Md(view.LeadId)}: personal data erased", Array(blocks));
    }

    public static SlackMessage Outcome(OutcomeView view)
    {
        var lead = view.Lead;
        var blocks = new List<JsonObject?> { Header("Record the outcome: " + Plain(LeadSummary.Headline(lead, ChannelFields.All)), SlackIds.HeaderBlock) };
        blocks.AddRange(Summary(lead, ChannelFields.All));
        blocks.Add(Context($"Current state: *{Md(LeadSummary.State(lead.State))}*" +
            (LeadSummary.Qualified(lead, view.Now) is { } q ? " · " + q : ""), SlackIds.StatusBlock));
        blocks.Add(OutcomeButtons(lead.LeadId));
        return new($"Record the outcome for {Md(LeadSummary.Headline(lead, ChannelFields.All))}", Array(blocks));
    }

    /// <summary>"*Headline*\nTitle at Company" with up to ten fields per section.</summary>
    internal static IEnumerable<JsonObject> Summary(LeadView lead, ChannelFields fields)
    {
        var text = new StringBuilder("*" + Md(LeadSummary.Headline(lead, fields)) + "*");
        if (LeadSummary.Subline(lead, fields) is { } sub) text.Append('\n').Append(Md(sub, LineMax));
        var facts = LeadSummary.Facts(lead, fields).Select(f => Field(f.Label, Md(f.Value))).ToList();
        return FieldSections(text.ToString(), facts, SlackIds.SummaryBlock);
    }

    internal static JsonObject OutcomeButtons(string leadId) =>
        Actions(Id(SlackIds.OutcomesBlock(leadId), "lead_outcomes"),
            Outcomes.All.Select(o => Button(o.Label, SlackIds.OutcomeAction(o.Code), leadId)).ToArray());

    static JsonObject AcceptReject(string leadId) =>
        Actions(Id(SlackIds.ActionsBlock(leadId), "lead_actions"),
            Button("Accept", SlackIds.ActionAccept, leadId, "primary"),
            Button("Reject", SlackIds.ActionReject, leadId, "danger"));

    static JsonObject? Why(LeadView lead)
    {
        var (reasons, hidden) = LeadSummary.Reasons(lead, MaxReasons);
        var text = new StringBuilder();
        if (reasons.Count > 0)
        {
            text.Append("*Why it qualified*");
            foreach (var r in reasons) text.Append("\n• ").Append(Md(r, ReasonMax));
            if (hidden > 0) text.Append($"\n_and {hidden} more_");
        }
        if (TextFormat.Line(lead.RoutingReason) is { } routing)
            text.Append(text.Length > 0 ? "\n" : "").Append("*Why it came here*\n").Append(Md(routing, LineMax));
        return text.Length == 0 ? null : Section(text.ToString(), SlackIds.WhyBlock);
    }

    static JsonObject LeadContext(LeadView lead, DateTimeOffset now)
    {
        var text = $"Lead ID {Md(lead.LeadId)} · team {Md(lead.TeamName)}";
        if (lead.QualifiedAt is { } at) text += $" · qualified {Date(at)} ({TextFormat.Ago(at, now)})";
        if (lead.AgreementVersion is { } version) text += $" · agreement v{version}";
        return Context(text, SlackIds.ContextBlock);
    }
}
