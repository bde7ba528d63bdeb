using LeadBot.Leads;
using LeadBot.Storage;
using LeadBot.Webhooks;
using Microsoft.Extensions.Options;

namespace LeadBot.Tests.Webhooks;

/// <summary>The hook lifecycle writes pass through, on its own: which steps become which events, and erasure's seam.</summary>
public sealed class WebhookMessagesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static WebhookMessages Hooks(params string[] events) => new(new StaticMonitor(new WebhookOptions
    {
        Endpoints = [new WebhookEndpoint { Url = "https://crm.example.com/a", Secret = "whsec-0123456789abcdef", Events = [.. events] }],
    }));

    private static Lead Lead(string? email = "ingrid@nordwind.example") => new()
    {
        Id = "L1", Source = "hubspot", ExternalId = "x-1", Email = email, ReceivedAt = Now, State = LeadState.Won, Version = 7, Team = "EMEA",
    };

    private static LeadEvent Event(string type) => new() { LeadId = "L1", At = Now, Type = type, From = "accepted" };

    [Fact]
    public void Erasure_SendsLeadErased_NamingTheLeadBySourceKeyOnly()
    {
        var before = Lead() with { Owner = new LeadOwner("anna.schmidt@contoso.com", "Anna Schmidt") };
        var after = before with { ExternalId = "[erased]", Email = null, ErasedAt = Now, Version = 8 };
        var erased = new LeadEvent { LeadId = "L1", At = Now, Type = "erased", From = "won", Reason = "personal data erased: request" };

        var message = Assert.Single(Hooks(WebhookEventTypes.All.ToArray()).Erased(before, after, erased));

        var sent = StoreJson.Read<WebhookEvent>(message.Payload!);
        Assert.Equal(("lead.erased", "L1", "hubspot", "x-1", "won"), (sent.Type, sent.Lead!.Id, sent.Lead.Source, sent.Lead.ExternalId, sent.Lead.State));
        Assert.Equal((null, null, null), (sent.Lead.Team, sent.Lead.Owner, sent.Lead.Reason));
        Assert.Equal(("webhook:https://crm.example.com/a", "L1"), (message.Audience, message.LeadId));
    }

    [Fact]
    public void Erasure_ToReceiversNotWantingIt_SendsNothing() =>
        Assert.Empty(Hooks("lead.accepted").Erased(Lead(), Lead() with { ErasedAt = Now }, Event("erased")));

    [Fact]
    public void AnErasedLead_SendsNothingMore()
    {
        var change = Hooks(WebhookEventTypes.All.ToArray()).With(new LeadChange(Lead(email: null) with { ErasedAt = Now }, [Event("won")]));

        Assert.Null(change.Outbox);
    }

    [Fact]
    public void StepsNobodySubscribedTo_AddNothing_AndOthersKeepTheirMessages()
    {
        var existing = new OutboxMessage { Id = "card-update:L1", Kind = "card-update", LeadId = "L1", Audience = "posted", CreatedAt = Now, DueAt = Now };
        var hooks = Hooks("lead.accepted");

        Assert.Equal([existing], hooks.With(new LeadChange(Lead(), [Event("won")], [existing])).Outbox!);
        Assert.Equal(["card-update", "webhook"], hooks.With(new LeadChange(Lead(), [Event("accepted")], [existing])).Outbox!.Select(m => m.Kind));
    }

    private sealed class StaticMonitor(WebhookOptions value) : IOptionsMonitor<WebhookOptions>
    {
        public WebhookOptions CurrentValue => value;
        public WebhookOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<WebhookOptions, string?> listener) => null;
    }
}
