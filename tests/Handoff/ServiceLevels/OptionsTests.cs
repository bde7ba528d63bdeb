using LeadBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace LeadBot.Tests.Handoff.ServiceLevels;

public sealed class OptionsTests
{
    [Theory]
    [InlineData("Sla:ReassignAfter", "00:03:00", "ReassignAfter")]
    [InlineData("Sla:ClaimWithin", "-00:01:00", "ClaimWithin")]
    [InlineData("Routing:Teams:1:BusinessHours:End", "08:00", "BusinessHours:End")]
    [InlineData("Routing:Teams:1:Sla:ReassignAfter", "00:01:00", "EMEA")]
    [InlineData("Delivery:MaxAttempts", "0", "Delivery:MaxAttempts")]
    [InlineData("Handoff:AfterReject", "ignore", "Handoff:AfterReject")]
    public void AWrongSetting_StopsTheBotAtStart(string key, string value, string expected)
    {
        using var app = new LeadBotApp(new() { [key] = value });
        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void PerTeamHoursAndLevels_AreAccepted()
    {
        using var app = new LeadBotApp(new()
        {
            ["Routing:Teams:1:BusinessHours:Days:0"] = "Monday", ["Routing:Teams:1:BusinessHours:Start"] = "08:00",
            ["Routing:Teams:1:BusinessHours:End"] = "18:30", ["Routing:Teams:1:Sla:ClaimWithin"] = "00:15:00",
        });
        Assert.NotNull(app.CreateClient());
    }
}
