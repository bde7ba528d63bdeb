using System.Text.Json;
using System.Text.Json.Nodes;
using LeadBot.Cards;
using LeadBot.Handoff;
using LeadBot.Handoff.ServiceLevels;
using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Channels.Slack;

/// <summary>
/// The service-level messages (outbox kinds escalate and reminder, payload <see cref="SlaNotice"/>): the Escalated card
/// with the team's managers mentioned, the owner's reminder with the outcome buttons, and the managers' note when the
/// reminder did not help. People are mentioned by Slack user id (looked up by email when not configured), so Slack
/// notifies them. Null means the message has become moot by the time it is delivered (see <see cref="RenderAsync"/>).
/// </summary>
public sealed class SlackNotices(CardViews views, SlackUsers users, TimeProvider clock, ILogger<SlackNotices> log)
{
    /// <summary>Delivery record kind of a managers' note; its card is updated like the channel's card, not the owner's.</summary>
    public const string Overdue = "overdue";

    public static bool IsNotice(OutboxMessage message) => message.Kind is OutboxMessage.Kinds.Escalate or OutboxMessage.Kinds.Reminder;

    public static bool ForManagers(OutboxMessage message) => message.Audience.StartsWith("managers:", StringComparison.Ordinal);

    /// <summary>
    /// The message to post; null when there is nothing left to say: a lead somebody accepted before its escalation went
    /// out, or a reminder about a lead whose outcome was recorded meanwhile ("no outcome is recorded" would be false).
    /// </summary>
    public async Task<SlackMessage?> RenderAsync(OutboxMessage message, Lead lead, CancellationToken ct)
    {
        var notice = Read(message);
        if (message.Kind == OutboxMessage.Kinds.Escalate) return lead.Owner is null ? await EscalationAsync(lead, notice, ct) : null;
        if (lead.Owner is null || lead.State != LeadState.Accepted) return null;
        return ForManagers(message) ? await OverdueAsync(lead, ct) : Reminder(lead);
    }

    private async Task<SlackMessage> EscalationAsync(Lead lead, SlaNotice? notice, CancellationToken ct)
    {
        var view = views.Escalation(lead);
        var managers = new List<PersonView>();
        foreach (var manager in view.Managers) managers.Add(await MentionableAsync(manager, ct));
        var card = BlockKit.Escalated(view with { Managers = managers });
        // The card says how long the lead waited; the engine's reason adds what happened (e.g. "offered to the whole team").
        if (notice?.Reason is { Length: > 0 } reason) card.Blocks.Add(Context(":information_source: " + SlackRender.Escape(reason)));
        return card;
    }

    /// <summary>"You accepted … 1 day ago and no outcome is recorded", above the owner's outcome card.</summary>
    private SlackMessage Reminder(Lead lead)
    {
        var now = clock.GetUtcNow();
        var view = CardViews.Lead(lead);
        var headline = SlackRender.Escape(lead.DisplayName);
        var said = $"You accepted {headline} {Ago(now - (lead.ClaimedAt ?? lead.UpdatedAt))} ago and no outcome is recorded";
        var card = BlockKit.Outcome(new OutcomeView(view, now));
        card.Blocks.Insert(0, Section($":bell: *{said}.* What happened since?"));
        return card with { Text = said };
    }

    /// <summary>For the managers: who owns the lead (mentioned, so they can nudge them) and how long it has been.</summary>
    private async Task<SlackMessage> OverdueAsync(Lead lead, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (views.ForChannel(lead) is not ClaimedView claimed) throw new InvalidOperationException($"Lead {lead.Id} is accepted but has no claimed card.");
        var owner = await MentionableAsync(claimed.Owner, ct);
        var mention = owner.SlackUserId is { } id ? $"<@{id}>" : SlackRender.Escape(owner.DisplayName);
        var headline = SlackRender.Escape(lead.DisplayName);
        var said = $"accepted {headline} {Ago(now - claimed.ClaimedAt)} ago and has recorded no outcome, even after a reminder";
        var card = BlockKit.Claimed(claimed with { Owner = owner }, forOwner: false);
        card.Blocks.Insert(0, Section($":warning: {mention} {said}."));
        return card with { Text = $"{SlackRender.Escape(owner.DisplayName)} {said}" };
    }

    /// <summary>The person with their Slack user id when Slack knows their email; as they were otherwise (shown by name).</summary>
    private async Task<PersonView> MentionableAsync(PersonView person, CancellationToken ct)
    {
        if (person.SlackUserId is { Length: > 0 } || person.Email is not { Length: > 0 } email) return person;
        return await users.UserIdForEmailAsync(email, ct) is { } id ? person with { SlackUserId = id } : person;
    }

    private SlaNotice? Read(OutboxMessage message)
    {
        try
        {
            return SlaNotice.Read(message.Payload);
        }
        catch (JsonException e)
        {
            // The message still goes out, just without the engine's reason.
            log.LogWarning(e, "Outbox {Id}: payload is not a service-level notice", message.Id);
            return null;
        }
    }

    /// <summary>"3 h", "1 day", "4 days": how long ago, as a person says it.</summary>
    private static string Ago(TimeSpan span)
    {
        var days = (int)span.TotalDays;
        return days == 0 ? Durations.Words(span) : days == 1 ? "1 day" : $"{days} days";
    }

    private static JsonObject Section(string mrkdwn) =>
        new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn } };

    private static JsonObject Context(string mrkdwn) =>
        new() { ["type"] = "context", ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn }) };
}
