using System.Text.Json.Nodes;
using LeadBot.Cards.Teams;

namespace LeadBot.Cards;

/// <summary>
/// Teams cards as Adaptive Card 1.5 JSON (the newest version Teams renders). Each method returns the card object itself,
/// ready to be the <c>content</c> of an attachment with content type <see cref="ContentType"/>.
/// </summary>
public static class AdaptiveCards
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    public static JsonObject Announcement(AnnouncementView view) => LeadCards.Announcement(view);
    public static JsonObject Claimed(ClaimedView view, bool forOwner) => LeadCards.Claimed(view, forOwner);
    public static JsonObject Rejected(RejectedView view) => LeadCards.Rejected(view);
    public static JsonObject Escalated(EscalatedView view) => LeadCards.Escalated(view);
    public static JsonObject Outcome(OutcomeView view) => LeadCards.Outcome(view);
    public static JsonObject Erased(ErasedView view) => LeadCards.Erased(view);
    public static JsonObject Pipeline(PipelineView view) => InsightCards.Pipeline(view);
    public static JsonObject Feedback(FeedbackView view) => InsightCards.Feedback(view);
    public static JsonObject MyLeads(MyLeadsView view) => PersonalCards.MyLeads(view);
    public static JsonObject Help(HelpView view) => PersonalCards.Help(view);
    public static JsonObject Scorecard(ScorecardView view) => AgreementCards.Scorecard(view);
    public static JsonObject Sections(SectionsView view) => AgreementCards.Sections(view);
    public static JsonObject Proposal(ProposalView view) => ProposalCards.Proposal(view);
    public static JsonObject Error(string title, string message) => PersonalCards.Error(title, message);

    /// <summary>The Bot Framework attachment wrapping a card.</summary>
    public static JsonObject Attachment(JsonObject card) => new() { ["contentType"] = ContentType, ["content"] = card };
}
