using LeadBot.Channels.Teams.Connector;
using LeadBot.Routing;
using Microsoft.Extensions.Options;

namespace LeadBot.Channels.Teams;

/// <summary>
/// The 1:1 chat with a person on the roster: the one the bot already has, or a new one (Teams returns the same id
/// again). Teams needs the person's Entra object id, a tenant, a service URL and the bot's id to open one.
/// </summary>
public sealed class TeamsChats(
    ConnectorClient connector, TeamsConversations conversations, Roster roster, IOptionsMonitor<TeamsChannelOptions> options,
    IOptionsMonitor<TeamsOptions> bot, UnreachableNotices notices, TimeProvider clock, ILogger<TeamsChats> log)
{
    /// <summary>Null when Teams does not know the person yet (they never talked to the bot) or no tenant is known.</summary>
    public async Task<ConversationRef?> PersonalChatAsync(string email, CancellationToken ct)
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
