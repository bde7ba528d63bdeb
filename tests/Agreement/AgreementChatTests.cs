using System.Net;
using LeadBot.Agreement;
using LeadBot.Tests.Channels.Slack;
using LeadBot.Tests.Channels.Teams;
using LeadBot.Tests.Support;
using static LeadBot.Tests.Channels.Slack.SlackHandoffTests;

namespace LeadBot.Tests.Agreement;

/// <summary>The agreement's loop through the chat surfaces: Teams (fake Bot Connector) and Slack (fake Web API, signed requests).</summary>
public sealed class AgreementChatTests
{
    private static readonly System.Text.Json.Nodes.JsonObject Marta = Activities.User("aad-marta", "Marta Novak");
    private static readonly System.Text.Json.Nodes.JsonObject Mia = Activities.User("aad-mia", "Mia Chen");
    private static readonly System.Text.Json.Nodes.JsonObject Anna = Activities.User("aad-anna", "Anna Schmidt");

    private static async Task<string> TeamsSay(TeamsTestApp app, System.Text.Json.Nodes.JsonObject from, string text)
    {
        var before = app.Fake.ConnectorCalls.Count;
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync(Activities.Personal(app, from, text))).StatusCode);
        return string.Join("\n", app.Fake.ConnectorCalls.Skip(before).Where(c => c.Method == "POST").SelectMany(c => Strings(c.Body)));
    }

    /// <summary>Every string in a reply (card text, facts, fallback), unescaped: what a reader of the card sees.</summary>
    private static IEnumerable<string> Strings(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => o.SelectMany(p => Strings(p.Value)),
        System.Text.Json.Nodes.JsonArray a => a.SelectMany(Strings),
        System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    [Fact]
    public async Task Teams_ReviewProposeAndApproveByBothSides_InChat_AppliesVersion2()
    {
        await using var app = new TeamsTestApp();
        app.Fake.Directory["aad-marta"] = AgreementScenario.Manager;
        app.Fake.Directory["aad-mia"] = AgreementScenario.Marketer;
        app.Fake.Directory["aad-anna"] = SampleLeads.EmeaRep;
        await AgreementScenario.RetailRejected(app.Api());

        var review = await TeamsSay(app, Marta, "criteria review week");
        var proposed = await TeamsSay(app, Marta, "criteria propose remove Retail from industries");
        var id = Assert.Single(app.Get<Proposals>().Pending()).Proposal.Id;
        var byManager = await TeamsSay(app, Marta, $"criteria approve {id}");
        var versionAfterManager = app.Get<Agreements>().Current.Version;
        var byMarketer = await TeamsSay(app, Mia, $"criteria approve {id} Agreed, Retail is not ours.");
        var lead = await (await app.Api().PostJsonAsync("/api/leads", AgreementScenario.Retail("teams-after"))).BodyAsync();
        var inForce = await TeamsSay(app, Anna, "criteria");
        var scorecard = await TeamsSay(app, Mia, "agreement EMEA week");

        Assert.Contains("criteria propose remove Retail from industries", review, StringComparison.Ordinal);
        Assert.Contains("20 leads in this week would not have qualified", review, StringComparison.Ordinal);
        Assert.Contains($"Proposal {id}", proposed, StringComparison.Ordinal);
        Assert.Contains("Waits for a marketer", byManager, StringComparison.Ordinal);
        Assert.Equal(1, versionAfterManager);
        Assert.Contains("Applied: agreement v2", byMarketer, StringComparison.Ordinal);
        Assert.Equal((false, 2), ((bool)lead["qualified"]!, (int)lead["agreement"]!));
        Assert.Contains(lead["criteriaFailed"]!.AsArray(), f => ((string)f!).StartsWith("industry Retail is not in ICP", StringComparison.Ordinal));
        Assert.Contains("Agreement v2", inForce, StringComparison.Ordinal);
        Assert.Contains("Agreement scorecard · v2", scorecard, StringComparison.Ordinal);
        Assert.Contains("Rejected against the criteria", scorecard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teams_ARepCannotApprove_AndOneSideAloneLeavesItPending()
    {
        await using var app = new TeamsTestApp();
        app.Fake.Directory["aad-marta"] = AgreementScenario.Manager;
        app.Fake.Directory["aad-anna"] = SampleLeads.EmeaRep;
        await TeamsSay(app, Marta, "criteria propose set minScore to 80");
        var id = Assert.Single(app.Get<Proposals>().Pending()).Proposal.Id;

        var byRep = await TeamsSay(app, Anna, $"criteria approve {id}");
        var byManager = await TeamsSay(app, Marta, $"criteria approve {id}");
        var unknown = await TeamsSay(app, Marta, "criteria approve PNOSUCH");

        Assert.Contains("may not decide on proposal", byRep, StringComparison.Ordinal);
        Assert.Contains("Waits for a marketer", byManager, StringComparison.Ordinal);
        Assert.Contains("There is no proposal PNOSUCH", unknown, StringComparison.Ordinal);
        Assert.Equal(1, app.Get<Agreements>().Current.Version);
    }

    [Fact]
    public async Task Slack_ReviewProposeAndApproveByBothSides_InTheSlashCommand_AppliesVersion2()
    {
        const string MartaSlack = "U07MARTAMGR";
        await using var s = await SlackScenario.StartAsync(new()
        {
            ["Routing:Teams:1:Managers:0:SlackUserId"] = MartaSlack,
            ["Routing:Marketing:Members:0:SlackUserId"] = SlackScenario.Mia,
        });
        await AgreementScenario.RetailRejected(s.App.Api());

        async Task<string> Say(string user, string text) => Texts(await (await s.CommandAsync(user, SlackScenario.Channel, text, responseId: Guid.NewGuid().ToString("N"))).BodyAsync());

        var review = await Say(MartaSlack, "criteria review week");
        var proposed = await Say(MartaSlack, "criteria propose remove Retail from industries");
        var id = Assert.Single(s.App.Get<Proposals>().Pending()).Proposal.Id;
        var byManager = await Say(MartaSlack, $"criteria approve {id}");
        var byMarketer = await Say(SlackScenario.Mia, $"criteria approve {id}");
        var lead = await (await s.App.Api().PostJsonAsync("/api/leads", AgreementScenario.Retail("slack-after"))).BodyAsync();
        var scorecard = await Say(SlackScenario.Mia, "agreement week");

        Assert.Contains("criteria propose remove Retail from industries", review, StringComparison.Ordinal);
        Assert.Contains($"Proposal {id}", proposed, StringComparison.Ordinal);
        Assert.Contains("Waits for a marketer", byManager, StringComparison.Ordinal);
        Assert.Contains("Applied: agreement v2", byMarketer, StringComparison.Ordinal);
        Assert.Equal((false, 2), ((bool)lead["qualified"]!, (int)lead["agreement"]!));
        Assert.Contains("Agreement scorecard · v2", scorecard, StringComparison.Ordinal);
    }
}
