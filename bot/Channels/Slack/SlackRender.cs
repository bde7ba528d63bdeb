using System.Text.Json.Nodes;
using LeadBot.Cards;
using LeadBot.Commands;

namespace LeadBot.Channels.Slack;

/// <summary>Turns channel-neutral views (cards and chat replies) into Slack messages; all layout and escaping stays in cards/.</summary>
internal static class SlackRender
{
    public static SlackMessage Card(object view, bool forOwner = false) => view switch
    {
        AnnouncementView a => BlockKit.Announcement(a),
        ClaimedView c => BlockKit.Claimed(c, forOwner),
        RejectedView r => BlockKit.Rejected(r),
        EscalatedView e => BlockKit.Escalated(e),
        OutcomeView o => BlockKit.Outcome(o),
        ErasedView e => BlockKit.Erased(e),
        ProposalView p => BlockKit.Proposal(p),
        _ => Reply(view),
    };

    public static SlackMessage Reply(object view) => view switch
    {
        HelpView h => BlockKit.Help(h),
        MyLeadsView m => BlockKit.MyLeads(m),
        PipelineView p => BlockKit.Pipeline(p),
        FeedbackView f => BlockKit.Feedback(f),
        ScorecardView s => BlockKit.Scorecard(s),
        SectionsView s => BlockKit.Sections(s),
        Problem p => BlockKit.Error(p.Title, p.Message),
        Notice n => Text(n.Text),
        _ => throw new ArgumentException($"No Slack rendering for {view.GetType().Name}.", nameof(view)),
    };

    /// <summary>A one-line message of our own words that may still quote data (team names, user input), so it is escaped.</summary>
    public static SlackMessage Text(string text)
    {
        var escaped = Escape(text);
        return new(escaped, [new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = escaped } }]);
    }

    /// <summary>The App Home tab for a my-leads answer; a problem (not on the roster) is shown on the tab instead.</summary>
    public static JsonObject Home(object view) => view switch
    {
        MyLeadsView m => BlockKit.Home(m),
        _ => new JsonObject { ["type"] = "home", ["callback_id"] = SlackIds.HomeCallback, ["blocks"] = Reply(view).Blocks.DeepClone() },
    };

    /// <summary>A slash-command answer (HTTP body or response_url): ephemeral unless the reply is meant for the channel.</summary>
    public static JsonObject CommandAnswer(ChatReply reply)
    {
        var body = Reply(reply.View).ToPayload();
        body["response_type"] = reply.Ephemeral ? "ephemeral" : "in_channel";
        return body;
    }

    /// <summary>Slack's three control characters; escaping '&lt;' is what stops "&lt;!channel&gt;" in data from pinging anyone.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Message text in events arrives escaped; commands are parsed from what the user typed.</summary>
    public static string Unescape(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
}
