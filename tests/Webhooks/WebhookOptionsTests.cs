using LeadBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace LeadBot.Tests.Webhooks;

public sealed class WebhookOptionsTests
{
    [Theory]
    [InlineData("http://crm.example.com/hooks", "whsec-0123456789abcdef", "lead.accepted", "Webhooks:0:Url must use https")]
    [InlineData("https://crm.example.com/hooks", "short", "lead.accepted", "Webhooks:0:Secret must be at least 16 characters")]
    [InlineData("https://crm.example.com/hooks", "whsec-0123456789abcdef", "lead.acepted", "Webhooks:0:Events has 'lead.acepted'")]
    [InlineData("crm.example.com/hooks", "whsec-0123456789abcdef", "lead.accepted", "Webhooks:0:Url must be an absolute https URL")]
    public void Start_WithABadWebhook_StopsWithAMessageNamingTheKey(string url, string secret, string evt, string expected)
    {
        using var app = new LeadBotApp(new() { ["Webhooks:0:Url"] = url, ["Webhooks:0:Secret"] = secret, ["Webhooks:0:Events:0"] = evt });

        var e = app.FailsToStart<OptionsValidationException>();

        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("http://localhost:5000/hooks")]
    [InlineData("http://127.0.0.1:5000/hooks")]
    [InlineData("http://[::1]:5000/hooks")]
    [InlineData("https://crm.example.com/hooks")]
    public void Start_WithHttpsOrLoopback_Starts(string url)
    {
        using var app = new LeadBotApp(new() { ["Webhooks:0:Url"] = url, ["Webhooks:0:Secret"] = "whsec-0123456789abcdef", ["Webhooks:0:Events:0"] = "lead.accepted" });

        using var client = app.CreateClient();

        Assert.Single(app.Get<IOptionsMonitor<LeadBot.Webhooks.WebhookOptions>>().CurrentValue.Endpoints);
    }
}
