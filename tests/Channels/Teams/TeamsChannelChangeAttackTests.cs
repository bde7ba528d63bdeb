using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Channels;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>On Teams, through the real endpoint: a rep's and a stranger's subscribe/unsubscribe change nothing, and the next lead reaches only the manager's channel.</summary>
public sealed class TeamsChannelChangeAttackTests
{
    private static readonly JsonObject Marta = Activities.User("aad-marta", "Marta Novak");
    private static readonly JsonObject Anna = Activities.User("aad-anna", "Anna Schmidt");
    private static readonly JsonObject Stranger = Activities.User("aad-stranger", "Sam Stranger");
    private const string OtherChannel = "19:attackers-channel@thread.tacv2";

    [Fact]
    public async Task ARepAndAStranger_CannotTakeOrSilenceTheTeamsChannel()
    {
        await using var app = new TeamsTestApp();
        app.Fake.Directory["aad-marta"] = SampleLeads.EmeaManager;
        app.Fake.Directory["aad-anna"] = SampleLeads.EmeaRep;
        app.Fake.Directory["aad-stranger"] = "someone@elsewhere.example";
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync(Activities.ChannelMention(app, Marta, "subscribe EMEA"))).StatusCode);

        foreach (var attacker in new[] { Anna, Stranger })
        {
            await app.PostAsync(Activities.ChannelMention(app, attacker, "subscribe EMEA", thread: OtherChannel + ";messageid=1"));
            await app.PostAsync(Activities.ChannelMention(app, attacker, "unsubscribe"));
        }
        await app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea());
        await app.DeliverOutboxAsync();

        var subscription = Assert.Single(app.Get<Subscriptions>().All());
        Assert.Equal((TeamsTestApp.ChannelId, "EMEA"), (subscription.ConversationId, subscription.Team));
        var leadId = app.Store.FindByKey("hubspot", "emea-1")!.Id;
        var announced = app.Fake.ConnectorCalls.Where(c => c.Method == "POST" && c.Body?.ToJsonString().Contains(leadId, StringComparison.Ordinal) == true && c.Path.EndsWith("/activities", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"/amer/v3/conversations/{TeamsTestApp.ChannelId}/activities"], announced.Select(c => c.Path).Distinct());
        Assert.Contains(app.Fake.ConnectorCalls, c => c.Body?.ToJsonString().Contains("managers (Marta Novak)", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task MyLeads_InAChannel_WhenNoPrivateChatOpens_PutsNoContactDetailsThere()
    {
        await using var app = new TeamsTestApp();
        app.Fake.Directory["aad-anna"] = SampleLeads.EmeaRep;
        var created = await app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea());
        var id = (string)(await created.BodyAsync())["id"]!;
        await app.Api().PostJsonAsync($"/api/leads/{id}/accept", new { rep = SampleLeads.EmeaRep });
        // Anna has talked to the bot before, so the next call is the 1:1 chat, which Teams refuses to open (app not installed for her).
        await app.PostAsync(Activities.ChannelMention(app, Anna, "help"));
        app.Fake.FailNext(403, pathContains: "/amer/v3/conversations");

        await app.PostAsync(Activities.ChannelMention(app, Anna, "my leads"));

        var posted = string.Join("\n", app.Fake.ConnectorCalls.Where(c => c.Method == "POST").Select(c => c.Body?.ToJsonString()));
        Assert.Contains("private chat", posted, StringComparison.Ordinal);
        Assert.DoesNotContain("emea-1@nordwind.example", posted, StringComparison.Ordinal);
        Assert.DoesNotContain("+47 22 12 34 56", posted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefreshOfAnotherTeamsLead_ShowsNothing()
    {
        await using var app = new TeamsTestApp();
        app.Fake.Directory["aad-jamie"] = "jamie.lee@contoso.com";
        var created = await app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea());
        var id = (string)(await created.BodyAsync())["id"]!;

        var response = await app.PostAsync(Activities.Execute(app, Activities.User("aad-jamie", "Jamie Lee"), "refresh", Activities.LeadData(id), "1:guess"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("that you can see", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Nordwind", body, StringComparison.Ordinal);
    }
}
