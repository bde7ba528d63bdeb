using System.Net;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>
/// An email is not an identity: once LeadBot knows a rep by tenant + Entra object id, another account showing the same
/// address (a guest, a look-alike account, another tenant's user) neither acts as the rep nor receives their messages.
/// </summary>
public sealed class TeamsImpersonationAttackTests
{
    private static readonly System.Text.Json.Nodes.JsonObject Anna = Activities.User("aad-anna", "Anna Schmidt");
    private static readonly System.Text.Json.Nodes.JsonObject Impostor = Activities.User("aad-impostor", "Anna Schmidt");

    [Fact]
    public async Task ASecondAccountWithTheRepsEmail_CannotClaimOrReadTheirLeads_AndTheirMessagesStillGoToTheRep()
    {
        await using var app = new TeamsTestApp();
        app.Fake.Directory["aad-anna"] = SampleLeads.EmeaRep;
        app.Fake.Directory["aad-impostor"] = SampleLeads.EmeaRep; // the directory lookup shows the same address
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync(Activities.Personal(app, Anna, "help"))).StatusCode);
        var created = await app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea());
        var id = (string)(await created.BodyAsync())["id"]!;

        var myLeads = await app.PostAsync(Activities.Personal(app, Impostor, "my leads"));
        var click = await app.PostAsync(Activities.Execute(app, Impostor, "accept", Activities.LeadData(id), "1:guess"));

        Assert.Equal(HttpStatusCode.OK, myLeads.StatusCode);
        Assert.Null(app.Store.Find(id)!.Owner);
        Assert.NotEqual(LeadState.Accepted, app.Store.Find(id)!.State);
        var toImpostor = string.Join("\n", app.Fake.ConnectorCalls.Where(c => c.Path.Contains("aad-impostor", StringComparison.Ordinal)).Select(c => c.Body?.ToJsonString()));
        Assert.Contains("not on a roster", toImpostor + await click.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Anna claims it; her private details go to her chat, never the impostor's.
        Assert.Equal(HttpStatusCode.OK, (await app.Api().PostJsonAsync($"/api/leads/{id}/accept", new { rep = SampleLeads.EmeaRep })).StatusCode);
        await app.DeliverOutboxAsync();
        var details = app.Fake.ConnectorCalls.Where(c => c.Method == "POST" && c.Body?.ToJsonString().Contains("emea-1@nordwind.example", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(details);
        Assert.All(details, c => Assert.DoesNotContain("aad-impostor", c.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void ARepConfiguredWithAnObjectId_IsNeverMatchedByEmailFromAnotherAccount()
    {
        using var app = new LeadBotApp(new()
        {
            ["Routing:Teams:0:Members:0:TeamsAadObjectId"] = "aad-anna-configured",
            ["Routing:Teams:0:Members:0:SlackUserId"] = "U07ANNA0001",
        });
        var roster = app.Get<Roster>();
        var email = roster.All.Single(r => r.TeamsAadObjectId == "aad-anna-configured").Email;

        Assert.Null(roster.Find(new Actor(Email: email, TeamsAadObjectId: "aad-someone-else")));
        Assert.Null(roster.Find(new Actor(Email: email, SlackUserId: "U0SOMEONE01")));
        Assert.Equal(email, roster.Find(new Actor(Email: email, TeamsAadObjectId: "aad-anna-configured"))?.Email);
        Assert.Equal(email, roster.Find(new Actor(Email: email))?.Email); // the API names reps by email alone
    }
}
