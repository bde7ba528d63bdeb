using System.Text.Json.Nodes;
using LeadBot.Cards.Slack;

namespace LeadBot.Cards;

/// <summary>A Slack message body: <see cref="Text"/> is the plain fallback shown in notifications, <see cref="Blocks"/> the layout.</summary>
public sealed record SlackMessage(string Text, JsonArray Blocks)
{
    /// <summary>The fields chat.postMessage / chat.update / response_url take, ready to add "channel", "ts" and the like to.</summary>
    public JsonObject ToPayload() => new() { ["text"] = Text, ["blocks"] = Blocks.DeepClone() };
}

/// <summary>Slack surfaces as Block Kit JSON, with the block/action ids of tests/Reference/slack/samples and Slack's size limits.</summary>
public static class BlockKit
{
    public static SlackMessage Announcement(AnnouncementView view) => LeadMessages.Announcement(view);
    public static SlackMessage Claimed(ClaimedView view, bool forOwner) => LeadMessages.Claimed(view, forOwner);
    public static SlackMessage Rejected(RejectedView view) => LeadMessages.Rejected(view);
    public static SlackMessage Escalated(EscalatedView view) => LeadMessages.Escalated(view);
    public static SlackMessage Outcome(OutcomeView view) => LeadMessages.Outcome(view);
    public static SlackMessage Erased(ErasedView view) => LeadMessages.Erased(view);
    public static SlackMessage Pipeline(PipelineView view) => InsightMessages.Pipeline(view);
    public static SlackMessage Feedback(FeedbackView view) => InsightMessages.Feedback(view);
    public static SlackMessage MyLeads(MyLeadsView view) => PersonalMessages.MyLeads(view);
    public static SlackMessage Help(HelpView view) => PersonalMessages.Help(view);
    public static SlackMessage Scorecard(ScorecardView view) => AgreementMessages.Scorecard(view);
    public static SlackMessage Sections(SectionsView view) => AgreementMessages.Sections(view);
    public static SlackMessage Proposal(ProposalView view) => ProposalMessages.Proposal(view);
    public static SlackMessage Error(string title, string message) => PersonalMessages.Error(title, message);

    /// <summary>The views.open "view": callback <see cref="SlackIds.RejectModalCallback"/>; metadata defaults to {"lead_id":…}.</summary>
    public static JsonObject RejectModal(string leadId, string? privateMetadata = null) => Slack.RejectModal.View(leadId, privateMetadata);

    /// <summary>private_metadata for <see cref="RejectModal"/>: lead id, and the channel and ts of the card to update after the submit.</summary>
    public static string RejectModalMetadata(string leadId, string? channelId, string? messageTs) =>
        Slack.RejectModal.Metadata(leadId, channelId, messageTs);

    /// <summary>The views.open "view" asking for a decline's comment: callback <see cref="SlackIds.DeclineModalCallback"/>.</summary>
    public static JsonObject DeclineModal(string proposalId, string? channelId) => ProposalMessages.DeclineModal(proposalId, channelId);

    /// <summary>The views.publish "view" of the Home tab.</summary>
    public static JsonObject Home(MyLeadsView view) => PersonalMessages.Home(view);
}
