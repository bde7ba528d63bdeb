using System.Text.Json.Nodes;
using LeadBot.Cards;
using LeadBot.Channels.Teams.Connector;
using LeadBot.Commands;
using LeadBot.Handoff.Delivery;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Channels.Teams;

/// <summary>
/// Delivers outbox messages to Teams: announcements to the channels subscribed to a team, personal messages to reps and
/// managers (opening the 1:1 chat when needed), and in-place card updates wherever a lead's card was posted.
/// Every post is recorded in <see cref="Deliveries"/> before the next one, so a retry after a crash skips what already went out.
/// </summary>
public sealed class TeamsDelivery(
    ConnectorClient connector, TeamsConversations conversations, Subscriptions subscriptions, Deliveries deliveries,
    ILeadStore store, CardViews views, Roster roster, Router router, IOptionsMonitor<TeamsChannelOptions> options,
    IOptionsMonitor<TeamsOptions> bot, UnreachableNotices notices, TimeProvider clock, ILogger<TeamsDelivery> log) : IChannelDelivery
{
    public string Platform => TeamsBot.Platform;

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        var lead = message.LeadId is { } id ? store.Find(id) : null;
        if (message.LeadId is not null && lead is null) return DeliveryResult.Nowhere;
        var audience = message.Audience;
        if (audience == "posted") return await UpdatePostedAsync(lead!, ct);
        if (audience.StartsWith("team:", StringComparison.Ordinal)) return await ToChannelsAsync(message, lead, subscriptions.ForTeam(Platform, audience[5..]), ct);
        if (audience.StartsWith("rep:", StringComparison.Ordinal)) return await ToPeopleAsync(message, lead, [audience[4..]], ct);
        if (audience.StartsWith("managers:", StringComparison.Ordinal))
            return await ToPeopleAsync(message, lead, router.Team(audience[9..])?.Managers.Select(m => m.Email).ToList() ?? [], ct);
        if (audience == Subscriptions.MarketingTeam)
        {
            var channels = subscriptions.ForTeam(Platform, Subscriptions.MarketingTeam);
            return channels.Count > 0
                ? await ToChannelsAsync(message, lead, channels, ct)
                : await ToPeopleAsync(message, lead, roster.All.Where(r => r.IsMarketing).Select(r => r.Email).ToList(), ct);
        }
        return DeliveryResult.Nowhere;
    }

    private async Task<DeliveryResult> ToChannelsAsync(OutboxMessage message, Lead? lead, IReadOnlyList<Subscription> targets, CancellationToken ct)
    {
        int sent = 0, already = 0;
        var places = targets.Select(s => conversations.Find(s.ConversationId)).OfType<ConversationRef>().Where(c => c.Installed).ToList();
        if (places.Count == 0) return DeliveryResult.Nowhere;
        foreach (var place in places)
        {
            if (await PostOnceAsync(message, lead, place, forOwner: false, ct)) sent++; else already++;
        }
        return new DeliveryResult(sent, already, false);
    }

    private async Task<DeliveryResult> ToPeopleAsync(OutboxMessage message, Lead? lead, IReadOnlyList<string> emails, CancellationToken ct)
    {
        int sent = 0, already = 0;
        var reached = false;
        foreach (var email in emails.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await PersonalChatAsync(email, ct) is not { } chat) continue;
            reached = true;
            var owner = lead?.Owner is { } o && string.Equals(o.Email, email, StringComparison.OrdinalIgnoreCase);
            if (await PostOnceAsync(message, lead, chat, owner, ct)) sent++; else already++;
        }
        return reached ? new DeliveryResult(sent, already, false) : DeliveryResult.Nowhere;
    }

    /// <summary>Posts unless this message already went to this conversation; true when it posted.</summary>
    private async Task<bool> PostOnceAsync(OutboxMessage message, Lead? lead, ConversationRef place, bool forOwner, CancellationToken ct)
    {
        var kind = RecordKind(message);
        var key = lead?.Id ?? message.Id;
        if (deliveries.Find(key, Platform, place.ConversationId, kind) is not null) return false;
        var activity = Render(message, lead, forOwner);
        var activityId = await connector.SendAsync(place.ServiceUrl, place.ConversationId, activity, ct);
        deliveries.Record(new PostedCard(key, Platform, place.ConversationId, activityId ?? "", kind, clock.GetUtcNow(), place.ServiceUrl));
        return true;
    }

    private async Task<DeliveryResult> UpdatePostedAsync(Lead lead, CancellationToken ct)
    {
        var posted = deliveries.ForLead(lead.Id, Platform).Where(p => p.MessageId.Length > 0 && p.Kind != OutboxMessage.Kinds.Digest).ToList();
        if (posted.Count == 0) return DeliveryResult.Nowhere;
        foreach (var card in posted)
        {
            var serviceUrl = card.ServiceUrl ?? conversations.Find(card.ConversationId)?.ServiceUrl;
            if (serviceUrl is null) continue;
            await connector.UpdateAsync(serviceUrl, card.ConversationId, card.MessageId, CurrentCard(lead, card.Kind), ct);
        }
        return new DeliveryResult(posted.Count, 0, false);
    }

    /// <summary>The lead's card as it should look now in a place it was posted with <paramref name="kind"/>.</summary>
    private JsonObject CurrentCard(Lead lead, string kind)
    {
        if (kind == "claimed" || kind.StartsWith(OutboxMessage.Kinds.Reminder, StringComparison.Ordinal)) return TeamsMessages.Message(views.ForOwner(lead), forOwner: lead.Owner is not null);
        if (kind == OutboxMessage.Kinds.Escalate && lead.Owner is null && lead.State == LeadState.Offered) return TeamsMessages.Message(views.Escalation(lead));
        return TeamsMessages.Message(views.ForChannel(lead));
    }

    private JsonObject Render(OutboxMessage message, Lead? lead, bool forOwner)
    {
        if (lead is null) return TeamsMessages.Text(message.Payload ?? message.Kind);
        return message.Kind switch
        {
            "claimed" => TeamsMessages.Message(views.ForOwner(lead), forOwner: true),
            OutboxMessage.Kinds.Escalate => TeamsMessages.Message(lead.Owner is null ? views.Escalation(lead) : views.ForChannel(lead)),
            // A reminder asks the owner for the outcome, or the rep it is offered to for an answer.
            OutboxMessage.Kinds.Reminder when lead.Owner is not null && forOwner => TeamsMessages.Message(new OutcomeView(CardViews.Lead(lead), clock.GetUtcNow())),
            _ => TeamsMessages.Message(forOwner ? views.ForOwner(lead) : views.ForChannel(lead), forOwner),
        };
    }

    /// <summary>Reminders and digests repeat for one lead; each is its own post. Every other kind is posted once per place.</summary>
    private static string RecordKind(OutboxMessage m) =>
        m.Kind is OutboxMessage.Kinds.Reminder or OutboxMessage.Kinds.Digest ? m.Kind + "#" + m.Id : m.Kind;

    /// <summary>The 1:1 chat with a person on the roster: the one the bot already has, or a new one (Teams returns the same id again).</summary>
    private async Task<ConversationRef?> PersonalChatAsync(string email, CancellationToken ct)
    {
        var rep = roster.FindByEmail(email);
        var met = conversations.UserByEmail(email);
        var aad = rep?.TeamsAadObjectId ?? met?.AadObjectId;
        if (aad is null)
        {
            if (notices.ShouldSay("teams:no-identity:" + email))
                log.LogInformation("No Teams identity for {Email} yet: they need to talk to LeadBot once, or have TeamsAadObjectId configured", email);
            return null;
        }
        if (conversations.PersonalChatOf(aad) is { } existing) return existing;
        var user = conversations.User(aad) ?? met;
        var tenant = user?.TenantId ?? options.CurrentValue.TenantId ?? NullIfEmpty(bot.CurrentValue.MicrosoftAppTenantId) ?? conversations.AnyTenant();
        if (tenant is null)
        {
            if (notices.ShouldSay("teams:no-tenant:" + email))
                log.LogWarning("Cannot open a Teams chat with {Email}: no tenant id known yet (set Teams:TenantId)", email);
            return null;
        }
        var serviceUrl = user?.ServiceUrl is { Length: > 0 } s ? s : conversations.ServiceUrlFor(tenant) ?? options.CurrentValue.ProactiveServiceUrl;
        var botId = NullIfEmpty(bot.CurrentValue.MicrosoftAppId) is { } appId ? "28:" + appId : conversations.All().Select(c => c.BotId).FirstOrDefault(b => b is not null);
        // The per-bot "29:" id is the documented member id; the Entra object id works for users the app is installed for.
        var chat = await connector.CreatePersonalAsync(serviceUrl, user?.UserId ?? aad, tenant, botId, ct);
        var reference = new ConversationRef(chat.Id!, chat.ServiceUrl ?? serviceUrl, tenant, ConversationRef.Personal, null, null, null, botId,
            user?.UserId, aad, clock.GetUtcNow(), Greeted: true);
        conversations.Remember(reference);
        return reference;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
