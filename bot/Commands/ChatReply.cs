using LeadBot.Routing;

namespace LeadBot.Commands;

/// <summary>Where a chat command came from. <paramref name="Platform"/> is "teams" or "slack".</summary>
public sealed record ChatContext(string Platform, string ConversationId, bool IsPersonal, Actor User);

/// <summary>
/// A channel-neutral answer: <paramref name="View"/> is a cards view (HelpView, MyLeadsView, PipelineView, FeedbackView),
/// a <see cref="Notice"/> or a <see cref="Problem"/>; each channel renders it in its own format.
/// <paramref name="Ephemeral"/>: only the asker should see it (Slack ephemeral messages; Teams replies in place).
/// <paramref name="Private"/>: it carries contact details, names, rep load or verbatim comments, so asked in a shared
/// conversation it goes to the asker alone (a Slack ephemeral message, a Teams 1:1 chat) and never into the conversation.
/// </summary>
public sealed record ChatReply(object View, bool Ephemeral = true, bool Private = false);

public sealed record Notice(string Text);

public sealed record Problem(string Title, string Message);
