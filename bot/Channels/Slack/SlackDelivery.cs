using LeadBot.Cards;
using LeadBot.Handoff.Delivery;
using Microsoft.Extensions.Options;

namespace LeadBot.Channels.Slack;

/// <summary>
/// Delivers planned cards to Slack: channels subscribed to a team, DMs to people, and chat.update of every message a
/// lead's card was posted as. Slack takes no idempotency key, so <see cref="SlackSendMarks"/> covers a crash between
/// Slack accepting a post and its record.
/// </summary>
public sealed class SlackDelivery(
    ChatDeliveryKit kit, IOptionsMonitor<SlackOptions> options, SlackUsers users, SlackNotices notices, SlackWebApi api, SlackSendMarks marks,
    ILogger<SlackDelivery> log) : ChatDelivery<SlackMessage>(kit, log)
{
    public const string PlatformName = "slack";

    public override string Platform => PlatformName;

    protected override bool Enabled => options.CurrentValue.Enabled;

    protected override Place? Channel(string conversationId) => new(conversationId);

    protected override async Task<Place?> PrivateChatAsync(string email, CancellationToken ct) =>
        await Slack(async () => await users.DirectMessageAsync(email, ct) is { } dm ? new Place(dm) : null);

    protected override Task<SlackMessage> RenderAsync(CardShown card, CardLook look, Plan plan, CancellationToken ct) => Slack(async () =>
        (look, card.View) switch
        {
            (CardLook.Escalation, EscalatedView escalated) => await notices.EscalationAsync(escalated, plan.Message, ct),
            (CardLook.Reminder, OutcomeView outcome) => notices.Reminder(plan.Lead!, outcome),
            (CardLook.Overdue, ClaimedView claimed) => await notices.OverdueAsync(plan.Lead!, claimed, ct),
            (CardLook.Digest, _) => SlackRender.Reply(card.View) with { Text = SlackRender.Escape(card.Title ?? "") },
            _ => SlackRender.Card(card.View, card.ForOwner),
        });

    protected override Task<Sent> PostAsync(Place place, SlackMessage message, Plan plan, string slot, CancellationToken ct) => Slack(async () =>
    {
        var tag = SlackSendMarks.Tag(plan.Key, place.ConversationId, slot);
        if (await marks.EarlierPostAsync(tag, ct) is { } earlier) return new Sent(place.ConversationId, earlier, Earlier: true);
        marks.Mark(tag, place.ConversationId);
        try
        {
            var posted = await api.PostTaggedAsync(place.ConversationId, message, SlackSendMarks.Metadata(tag, plan.Key, slot), ct);
            return new Sent(posted.Channel, posted.Ts);
        }
        catch (SlackApiException e) when (e.Refused)
        {
            marks.Clear(tag); // Slack said no: nothing was posted, so the retry need not ask
            throw;
        }
    });

    protected override Task<bool> UpdateAsync(PostedCard posted, SlackMessage message, CancellationToken ct) => Slack(async () =>
    {
        await api.UpdateAsync(posted.ConversationId, posted.MessageId, message, ct);
        return true;
    });

    protected override void Recorded(Place place, PostedCard card) => marks.Clear(SlackSendMarks.Tag(card.LeadId, place.ConversationId, card.Kind));

    /// <summary>Slack's refusals as delivery failures: permanent ones (an archived channel) stop only that place.</summary>
    private static async Task<T> Slack<T>(Func<Task<T>> call)
    {
        try { return await call(); }
        catch (SlackApiException e) { throw e.ToDelivery(); }
    }
}
