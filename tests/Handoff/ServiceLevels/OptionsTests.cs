using LeadBot.Tests.Support;
using LeadBot.Handoff.ServiceLevels;
using LeadBot.Routing;
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
        var error = app.FailsToStart<OptionsValidationException>();
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void PerTeamHoursAndLevels_AreAccepted_AndAreWhatThatTeamRunsOn()
    {
        using var app = new LeadBotApp(new()
        {
            ["Routing:Teams:1:BusinessHours:Days:0"] = "Monday", ["Routing:Teams:1:BusinessHours:Start"] = "08:00",
            ["Routing:Teams:1:BusinessHours:End"] = "18:30", ["Routing:Teams:1:Sla:ClaimWithin"] = "00:15:00",
        });
        _ = app.CreateClient(); // starts the app: every option is validated on start

        var routing = app.Get<IOptions<RoutingOptions>>().Value;
        var sla = app.Get<IOptions<SlaOptions>>().Value;
        var levels = app.Get<IOptions<TeamServiceLevels>>().Value;
        var emea = TeamSla.For(routing.Teams[1], sla, levels);
        var other = TeamSla.For(routing.Teams[0], sla, levels);

        Assert.Equal("EMEA", routing.Teams[1].Name);
        Assert.Equal(TimeSpan.FromMinutes(15), emea.ClaimWithin);
        Assert.Equal([DayOfWeek.Monday], emea.Clock.Days);
        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(18, 30)), (emea.Clock.Start, emea.Clock.End));
        // The override is that team's alone: the others keep the Sla section's levels and hours.
        Assert.Equal(sla.ClaimWithin, other.ClaimWithin);
        Assert.NotEqual(emea.Clock.Days.Count, other.Clock.Days.Count);
    }
}
