using LeadBot.Handoff.Delivery;
using LeadBot.Storage;

namespace LeadBot.Channels;

/// <summary>A conversation on a platform that a card can be posted to (Teams also needs the service URL it lives behind).</summary>
public sealed record Place(string ConversationId, string? ServiceUrl = null);

/// <summary>Where a post landed; <paramref name="Earlier"/> when an attempt that did not finish had already posted it.</summary>
public sealed record Sent(string ConversationId, string MessageId, bool Earlier = false);

/// <summary>What every chat delivery shares: the plan, the views, and the record of what was posted where.</summary>
public sealed class ChatDeliveryKit(DeliveryPlan plans, DeliveryViews views, Deliveries deliveries, Subscriptions subscriptions, TimeProvider clock)
{
    public DeliveryPlan Plans => plans;
    public DeliveryViews Views => views;
    public Deliveries Deliveries => deliveries;
    public Subscriptions Subscriptions => subscriptions;
    public TimeProvider Clock => clock;
}

/// <summary>
/// One chat platform's delivery of outbox messages, in the same four steps on every platform: find the recipient's
/// conversations on the platform, draw the planned look in the platform's format, send, and record where it went.
/// Every post is recorded before the next one, so a retry after a crash skips what already went out; a place that
/// refuses for good (an archived channel, a person who left) does not stop the others.
/// </summary>
public abstract class ChatDelivery<TMessage>(ChatDeliveryKit kit, ILogger log) : IChannelDelivery
{
    public abstract string Platform { get; }

    protected virtual bool Enabled => true;

    /// <summary>Step 1 for a channel: the subscribed conversation as a place, or null when the bot can no longer post there.</summary>
    protected abstract Place? Channel(string conversationId);

    /// <summary>Step 1 for a person: their private chat, opened if needed; null when they cannot be reached on this platform.</summary>
    protected abstract Task<Place?> PrivateChatAsync(string email, CancellationToken ct);

    /// <summary>Step 2: the look in the platform's format.</summary>
    protected abstract Task<TMessage> RenderAsync(CardShown card, CardLook look, Plan plan, CancellationToken ct);

    /// <summary>Step 3: posts the message.</summary>
    protected abstract Task<Sent> PostAsync(Place place, TMessage message, Plan plan, string slot, CancellationToken ct);

    /// <summary>Step 3 for a card update: redraws a posted copy in place; false when the copy cannot be updated (nothing was done).</summary>
    protected abstract Task<bool> UpdateAsync(PostedCard posted, TMessage message, CancellationToken ct);

    /// <summary>After step 4: the post is recorded (Slack clears its crash mark here).</summary>
    protected virtual void Recorded(Place place, PostedCard card) { }

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        if (!Enabled) return DeliveryResult.Nowhere;
        var plan = kit.Plans.For(message);
        if (plan.Nowhere) return DeliveryResult.Nowhere;
        var tally = new Tally();
        foreach (var card in plan.Cards)
        {
            if (card.To is Recipient.PostedCards) await UpdatePostedAsync(plan, tally, ct);
            else
            {
                foreach (var place in await PlacesAsync(card, tally, ct)) await SendOnceAsync(plan, card, place, tally, ct);
            }
        }
        if (tally.Sent + tally.AlreadySent == 0 && tally.Failures.Count > 0)
            throw new DeliveryException(string.Join("; ", tally.Failures), permanent: true);
        // A moot message has no card and is done; a card with no place on this platform waits for one.
        return plan.Cards.Count > 0 && tally.Places == 0 ? DeliveryResult.Nowhere : new DeliveryResult(tally.Sent, tally.AlreadySent, false);
    }

    private sealed class Tally
    {
        public int Places, Sent, AlreadySent;
        public List<string> Failures { get; } = [];
    }

    private async Task<IReadOnlyList<Place>> PlacesAsync(PlannedCard card, Tally tally, CancellationToken ct)
    {
        if (card.To.Subscription is { } subscription)
        {
            var channels = kit.Subscriptions.ForTeam(Platform, subscription).Select(s => Channel(s.ConversationId)).OfType<Place>().ToList();
            if (channels.Count > 0 || card.People.Count == 0) return channels;
        }
        var chats = new List<Place>();
        foreach (var email in card.People.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            try
            {
                if (await PrivateChatAsync(email, ct) is { } chat) chats.Add(chat);
            }
            catch (DeliveryException e) when (e.Permanent)
            {
                tally.Places++;
                tally.Failures.Add($"{email}: {e.Message}");
            }
        }
        return chats;
    }

    private async Task SendOnceAsync(Plan plan, PlannedCard card, Place place, Tally tally, CancellationToken ct)
    {
        tally.Places++;
        if (kit.Deliveries.Find(plan.Key, Platform, place.ConversationId, card.Slot) is not null)
        {
            tally.AlreadySent++;
            return;
        }
        try
        {
            var message = await RenderAsync(kit.Views.For(card.Look, plan), card.Look, plan, ct);
            var sent = await PostAsync(place, message, plan, card.Slot, ct);
            var record = new PostedCard(plan.Key, Platform, sent.ConversationId, sent.MessageId, card.Slot, kit.Clock.GetUtcNow(), place.ServiceUrl);
            kit.Deliveries.Record(record);
            Recorded(place, record);
            if (sent.Earlier) tally.AlreadySent++; else tally.Sent++;
        }
        catch (DeliveryException e) when (e.Permanent)
        {
            tally.Failures.Add($"{place.ConversationId}: {e.Message}");
        }
    }

    private async Task UpdatePostedAsync(Plan plan, Tally tally, CancellationToken ct)
    {
        foreach (var posted in kit.Deliveries.ForLead(plan.Key, Platform))
        {
            // Every card of an erased person turns into the erased view, marketing's rejection notice included (not digests).
            var erased = plan.Lead?.ErasedAt is not null && !posted.Kind.StartsWith(OutboxMessage.Kinds.Digest, StringComparison.Ordinal);
            if ((erased ? CardLook.Channel : DeliveryPlan.OnUpdate(posted.Kind)) is not { } look || posted.MessageId.Length == 0) continue;
            try
            {
                var message = await RenderAsync(kit.Views.For(look, plan), look, plan, ct);
                if (!await UpdateAsync(posted, message, ct)) continue;
                tally.Places++;
                tally.Sent++;
            }
            catch (DeliveryException e) when (e.Permanent)
            {
                // Somebody deleted the message, or the channel is gone: nothing left to update there.
                log.LogWarning("Card of {Lead} in {Conversation} could not be updated: {Error}", plan.Key, posted.ConversationId, e.Message);
                tally.Places++;
                tally.Failures.Add($"{posted.ConversationId}: {e.Message}");
            }
        }
    }
}
