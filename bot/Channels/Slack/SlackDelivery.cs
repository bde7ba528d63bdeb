using LeadBot.Cards;
using LeadBot.Handoff.Delivery;
using LeadBot.Handoff;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.Extensions.Options;

namespace LeadBot.Channels.Slack;

/// <summary>
/// Delivers outbox messages to Slack: team announcements to subscribed channels, personal messages as DMs, and card
/// updates in place (chat.update of every message the lead's card was posted as). Each post is recorded in
/// <see cref="Deliveries"/> right after Slack accepts it, so a retry after a crash or a 429 skips what was already sent;
/// <see cref="SlackSendMarks"/> covers a crash between Slack's answer and that record.
/// </summary>
public sealed class SlackDelivery(
    IOptionsMonitor<SlackOptions> options, ILeadStore store, Subscriptions subscriptions, Deliveries deliveries, Roster roster, Router router,
    CardViews views, SlackUsers users, SlackNotices notices, UnreachableNotices unreachable, SlackWebApi api, SlackSendMarks marks, TimeProvider clock, ILogger<SlackDelivery> log) : IChannelDelivery
{
    public const string PlatformName = "slack";

    public string Platform => PlatformName;

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        if (!options.CurrentValue.Enabled) return DeliveryResult.Nowhere;
        var lead = message.LeadId is { } id ? store.Find(id) : null;
        if (lead is null)
        {
            if (message.LeadId is not null) { log.LogWarning("Outbox {Id}: lead {Lead} no longer exists", message.Id, message.LeadId); return DeliveryResult.Nowhere; }
            throw new DeliveryException($"Slack cannot deliver '{message.Kind}' messages without a lead yet.", permanent: true);
        }
        var tally = new Tally();
        try
        {
            if (message.Audience == "posted") await UpdatePostedAsync(lead, tally, ct);
            else
            {
                var card = SlackNotices.IsNotice(message) ? await notices.RenderAsync(message, lead, ct) : CardFor(message.Kind, lead);
                if (card is null)
                {
                    log.LogInformation("Outbox {Id}: {Kind} of {Lead} is moot now (lead {State}); not posted", message.Id, message.Kind, lead.Id, lead.State.Name());
                    return new DeliveryResult(0, 0, false);
                }
                foreach (var target in await TargetsAsync(message.Audience, ct))
                    await PostOnceAsync(target, lead, Slot(message), card, tally, ct);
            }
        }
        catch (SlackApiException e)
        {
            throw e.ToDelivery();
        }
        if (tally.Sent + tally.AlreadySent == 0 && tally.Failures.Count > 0)
            throw new DeliveryException(string.Join("; ", tally.Failures), permanent: true);
        return tally.Destinations == 0 ? DeliveryResult.Nowhere : new DeliveryResult(tally.Sent, tally.AlreadySent, false);
    }

    /// <summary>A destination: a channel id, or a user whose DM is opened just before posting.</summary>
    private sealed record Target(string? Channel, string? UserId);

    private sealed class Tally
    {
        public int Destinations, Sent, AlreadySent;
        public List<string> Failures { get; } = [];
    }

    private async Task<IReadOnlyList<Target>> TargetsAsync(string audience, CancellationToken ct)
    {
        var (kind, name) = audience.IndexOf(':') is var i and > 0 ? (audience[..i], audience[(i + 1)..]) : (audience, "");
        switch (kind)
        {
            case "team":
                return Channels(name);
            case "rep":
                return await DmsAsync([name], ct);
            case Audiences.Marketing:
                var channels = Channels(Subscriptions.MarketingTeam);
                return channels.Count > 0 ? channels : await DmsAsync(roster.All.Where(r => r.IsMarketing).Select(r => r.Email), ct);
            case "managers":
                return await DmsAsync(router.Team(name)?.Managers.Select(m => m.Email) ?? [], ct);
            default:
                throw new DeliveryException($"Slack does not know the audience '{audience}'.", permanent: true);
        }
    }

    private List<Target> Channels(string team) =>
        subscriptions.ForTeam(PlatformName, team).Select(s => new Target(s.ConversationId, null)).ToList();

    private async Task<IReadOnlyList<Target>> DmsAsync(IEnumerable<string> emails, CancellationToken ct)
    {
        var targets = new List<Target>();
        foreach (var email in emails.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await users.UserIdForEmailAsync(email, ct) is { } userId) targets.Add(new Target(null, userId));
            else if (unreachable.ShouldSay("slack:no-account:" + email)) log.LogInformation("{Email} has no Slack account in this workspace; not messaged on Slack", email);
        }
        return targets;
    }

    /// <summary>
    /// What a posted card is recorded as: its kind, so card updates know which card to render. Escalations and reminders
    /// can happen more than once per lead, so each of those messages gets its own record ("reminder#&lt;message id&gt;");
    /// a reminder to the managers is recorded as "overdue#…", because it is updated with the channel's card, not the owner's.
    /// </summary>
    private static string Slot(OutboxMessage message) => message switch
    {
        _ when !SlackNotices.IsNotice(message) => message.Kind,
        { Kind: OutboxMessage.Kinds.Reminder } when SlackNotices.ForManagers(message) => SlackNotices.Overdue + "#" + message.Id,
        _ => message.Kind + "#" + message.Id,
    };

    private async Task PostOnceAsync(Target target, Lead lead, string kind, SlackMessage card, Tally tally, CancellationToken ct)
    {
        tally.Destinations++;
        try
        {
            var channel = target.Channel ?? await api.OpenDmAsync(target.UserId!, ct);
            if (deliveries.Find(lead.Id, PlatformName, channel, kind) is not null) { tally.AlreadySent++; return; }
            var tag = SlackSendMarks.Tag(lead.Id, channel, kind);
            if (await marks.EarlierPostAsync(tag, ct) is { } earlier)
            {
                deliveries.Record(new PostedCard(lead.Id, PlatformName, channel, earlier, kind, clock.GetUtcNow()));
                marks.Clear(tag);
                tally.AlreadySent++;
                return;
            }
            marks.Mark(tag, channel);
            SlackPosted posted;
            try
            {
                posted = await api.PostTaggedAsync(channel, card, SlackSendMarks.Metadata(tag, lead.Id, kind), ct);
            }
            catch (SlackApiException e) when (e.Refused)
            {
                marks.Clear(tag); // Slack said no: nothing was posted, so the retry need not ask
                throw;
            }
            deliveries.Record(new PostedCard(lead.Id, PlatformName, posted.Channel, posted.Ts, kind, clock.GetUtcNow()));
            marks.Clear(tag);
            tally.Sent++;
        }
        catch (SlackApiException e) when (e.Permanent)
        {
            // One archived channel or a bot nobody invited must not stop the other destinations.
            tally.Failures.Add($"{target.Channel ?? target.UserId}: {e.Message}");
        }
    }

    private async Task UpdatePostedAsync(Lead lead, Tally tally, CancellationToken ct)
    {
        foreach (var posted in deliveries.ForLead(lead.Id, PlatformName))
        {
            if (CardFor(posted.Kind.Split('#')[0], lead, update: true) is not { } card) continue;
            tally.Destinations++;
            try
            {
                await api.UpdateAsync(posted.ConversationId, posted.MessageId, card, ct);
                tally.Sent++;
            }
            catch (SlackApiException e) when (e.Permanent)
            {
                // Somebody deleted the message, or the channel is gone: nothing left to update there.
                log.LogWarning("Card of {Lead} in {Channel} could not be updated: {Error}", lead.Id, posted.ConversationId, e.Error);
                tally.Failures.Add($"{posted.ConversationId}: {e.Message}");
            }
        }
    }

    /// <summary>The card a message of this kind shows for the lead now; null for messages that are no lead card (nothing to update).</summary>
    private SlackMessage CardFor(string kind, Lead lead) => CardFor(kind, lead, update: false)
        ?? throw new DeliveryException($"Slack does not know how to send '{kind}' messages.", permanent: true);

    private SlackMessage? CardFor(string kind, Lead lead, bool update) => kind switch
    {
        OutboxMessage.Kinds.Announce or OutboxMessage.Kinds.Offer => SlackRender.Card(views.ForChannel(lead)),
        OutboxMessage.Kinds.Escalate or SlackNotices.Overdue when update => SlackRender.Card(views.ForChannel(lead)),
        "claimed" or OutboxMessage.Kinds.Reminder => OwnerCard(lead),
        OutboxMessage.Kinds.Rejected when !update => SlackRender.Card(Rejection(lead)),
        _ => null,
    };

    /// <summary>The owner's card: contact details, and the outcome buttons while the lead is still being worked.</summary>
    private SlackMessage OwnerCard(Lead lead)
    {
        if (lead.Owner is null) return SlackRender.Card(views.ForChannel(lead));
        if (lead.State is LeadState.Contacted or LeadState.Meeting or LeadState.Opportunity)
            return BlockKit.Outcome(new OutcomeView(CardViews.Lead(lead), clock.GetUtcNow()));
        return SlackRender.Card(views.ForOwner(lead), forOwner: lead.State == LeadState.Accepted);
    }

    /// <summary>Marketing's copy of the latest rejection, from the history (the lead itself may have been re-offered since).</summary>
    private RejectedView Rejection(Lead lead)
    {
        var last = store.History(lead.Id).LastOrDefault(e => e.Type == LeadState.Rejected.Name());
        var by = lead.RejectedBy.Count > 0 ? views.Person(lead.RejectedBy[^1], last?.Actor) : new PersonView(last?.Actor ?? "a rep");
        return new RejectedView(CardViews.Lead(lead), by, last?.Reason ?? lead.RejectionReason ?? RejectionReasons.Other,
            last?.Comment ?? lead.RejectionComment, last?.At ?? lead.UpdatedAt, views.Fields);
    }
}
