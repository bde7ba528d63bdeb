using System.Text.Json;
using System.Text.Json.Nodes;
using LeadBot.Cards;
using LeadBot.Handoff;
using LeadBot.Handoff.ServiceLevels;
using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Channels.Slack;

/// <summary>
/// How Slack draws the service-level looks (<see cref="Handoff.Delivery.CardLook"/> Escalation, Reminder, Overdue): the
/// Escalated card with the team's managers mentioned, the owner's reminder with the outcome buttons, and the managers'
/// note when the reminder did not help. People are mentioned by Slack user id (looked up by email when not
/// configured), so Slack notifies them.
/// </summary>
public sealed class SlackNotices(SlackUsers users, TimeProvider clock, ILogger<SlackNotices> log)
{
    /// <summary>The escalated card with the managers mentioned, and the engine's reason (e.g. "offered to the whole team").</summary>
    public async Task<SlackMessage> EscalationAsync(EscalatedView view, OutboxMessage message, CancellationToken ct)
    {
        var managers = new List<PersonView>();
        foreach (var manager in view.Managers) managers.Add(await MentionableAsync(manager, ct));
        var card = BlockKit.Escalated(view with { Managers = managers });
        if (Read(message)?.Reason is { Length: > 0 } reason) card.Blocks.Add(Context(":information_source: " + SlackRender.Escape(reason)));
        return card;
    }

    /// <summary>"You accepted … 1 day ago and no outcome is recorded", above the owner's outcome card.</summary>
    public SlackMessage Reminder(Lead lead, OutcomeView view)
    {
        var headline = SlackRender.Escape(lead.DisplayName);
        var said = $"You accepted {headline} {Ago(clock.GetUtcNow() - (lead.ClaimedAt ?? lead.UpdatedAt))} ago and no outcome is recorded";
        var card = BlockKit.Outcome(view);
        card.Blocks.Insert(0, Section($":bell: *{said}.* What happened since?"));
        return card with { Text = said };
    }

    /// <summary>For the managers: who owns the lead (mentioned, so they can nudge them) and how long it has been.</summary>
    public async Task<SlackMessage> OverdueAsync(Lead lead, ClaimedView claimed, CancellationToken ct)
    {
        var owner = await MentionableAsync(claimed.Owner, ct);
        var mention = owner.SlackUserId is { } id ? $"<@{id}>" : SlackRender.Escape(owner.DisplayName);
        var headline = SlackRender.Escape(lead.DisplayName);
        var said = $"accepted {headline} {Ago(clock.GetUtcNow() - claimed.ClaimedAt)} ago and has recorded no outcome, even after a reminder";
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
