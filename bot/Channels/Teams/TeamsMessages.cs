using System.Text.Json.Nodes;
using LeadBot.Cards;
using LeadBot.Commands;

namespace LeadBot.Channels.Teams;

/// <summary>Turns channel-neutral views into Teams message activities and invoke responses.</summary>
public static class TeamsMessages
{
    public const string InvokeCard = AdaptiveCards.ContentType;
    public const string InvokeMessage = "application/vnd.microsoft.activity.message";
    public const string InvokeError = "application/vnd.microsoft.error";

    /// <summary>The Adaptive Card for a view; <paramref name="forOwner"/> picks the owner's version of a claimed lead.</summary>
    public static JsonObject Card(object view, bool forOwner = false) => view switch
    {
        AnnouncementView v => AdaptiveCards.Announcement(v),
        ClaimedView v => AdaptiveCards.Claimed(v, forOwner),
        RejectedView v => AdaptiveCards.Rejected(v),
        EscalatedView v => AdaptiveCards.Escalated(v),
        OutcomeView v => AdaptiveCards.Outcome(v),
        ErasedView v => AdaptiveCards.Erased(v),
        PipelineView v => AdaptiveCards.Pipeline(TeamsCharts.Inline(v)),
        FeedbackView v => AdaptiveCards.Feedback(TeamsCharts.Inline(v)),
        MyLeadsView v => AdaptiveCards.MyLeads(v),
        HelpView v => AdaptiveCards.Help(v),
        ScorecardView v => AdaptiveCards.Scorecard(v),
        SectionsView v => AdaptiveCards.Sections(v),
        ProposalView v => AdaptiveCards.Proposal(v),
        Problem p => AdaptiveCards.Error(p.Title, p.Message),
        Notice n => AdaptiveCards.Error("LeadBot", n.Text), // not reached: notices go out as text
        _ => throw new ArgumentException($"No Teams rendering for {view.GetType().Name}.", nameof(view)),
    };

    /// <summary>A message activity: plain text for a notice, a card for everything else.</summary>
    public static JsonObject Message(object view, bool forOwner = false) => view is Notice notice
        ? Text(notice.Text)
        : WithCard(Card(view, forOwner));

    public static JsonObject Text(string text) => new() { ["type"] = "message", ["text"] = text, ["textFormat"] = "plain" };

    public static JsonObject WithCard(JsonObject card) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(AdaptiveCards.Attachment(card)),
    };

    /// <summary>The body of an adaptiveCard/action answer: the card that replaces the clicked one for the clicking user.</summary>
    public static JsonObject CardResponse(JsonObject card) => new() { ["statusCode"] = 200, ["type"] = InvokeCard, ["value"] = card };

    /// <summary>A short text Teams shows the clicking user without changing the card.</summary>
    public static JsonObject MessageResponse(string text) => new() { ["statusCode"] = 200, ["type"] = InvokeMessage, ["value"] = text };

    public static JsonObject ErrorResponse(int status, string code, string message) => new()
    {
        ["statusCode"] = status, ["type"] = InvokeError, ["value"] = new JsonObject { ["code"] = code, ["message"] = message },
    };
}
