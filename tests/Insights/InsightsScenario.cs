using LeadBot.Handoff;
using LeadBot.Routing;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Insights;

/// <summary>A small, known week of EMEA handoffs driven through the real intake API and lifecycle steps, on the fake clock.</summary>
internal static class InsightsScenario
{
    /// <summary>
    /// The bot with its service-level timers checked only at start-up: the reports are tested on exactly the handoffs a
    /// test makes, not on escalations and re-offers the timers would add while the fake clock jumps.
    /// </summary>
    public static LeadBotApp App(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Sla:ScanInterval"] = "30.00:00:00" };
        foreach (var (k, v) in settings ?? []) all[k] = v;
        return new LeadBotApp(all);
    }

    public static async Task<string> Post(LeadBotApp app, Dictionary<string, object?> body)
    {
        var response = await app.Api().PostJsonAsync("/api/leads", body);
        response.EnsureSuccessStatusCode();
        return (await response.BodyAsync())["id"]!.GetValue<string>();
    }

    public static Dictionary<string, object?> Emea(string id, string company, string? campaign = "Webinar Q4")
    {
        var body = SampleLeads.Emea(id);
        ((Dictionary<string, object?>)body["company"]!)["name"] = company;
        body["campaign"] = campaign;
        return body;
    }

    /// <summary>
    /// Four EMEA leads at 09:00 UTC on Monday: Anna claims one after 2 min and wins it, Luca claims one after 6 min
    /// (late: the service level is 5 min), Anna rejects one as no budget with a comment, one is still waiting at 09:10.
    /// </summary>
    public static async Task<Ids> EmeaWeek(LeadBotApp app, string rejectionComment = "Budget frozen until Q3, try again then")
    {
        var won = await Post(app, Emea("w-1", "Nordwind Logistics"));
        var late = await Post(app, Emea("w-2", "Fjord Freight"));
        var rejected = await Post(app, Emea("w-3", "Baltic Cargo", campaign: "Trade Fair"));
        var waiting = await Post(app, Emea("w-4", "Alpen Transit"));
        var actions = app.Get<LeadActions>();
        var anna = new Actor(Email: SampleLeads.EmeaRep);
        var luca = new Actor(Email: SampleLeads.EmeaRep2);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(StepStatus.Done, actions.Claim(won, anna, "teams").Status);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(StepStatus.Done, actions.Reject(rejected, anna, "no-budget", rejectionComment, "teams").Status);
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(StepStatus.Done, actions.Claim(late, luca, "slack").Status);
        Assert.Equal(StepStatus.Done, actions.RecordOutcome(won, anna, "won", "teams", 12000m).Status);
        app.Clock.Advance(TimeSpan.FromMinutes(4));
        return new Ids(won, late, rejected, waiting);
    }

    public sealed record Ids(string Won, string Late, string Rejected, string Waiting);
}
