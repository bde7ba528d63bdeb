using System.Net;
using LeadBot.Channels.Teams;
using LeadBot.Handoff;
using LeadBot.Routing;
using LeadBot.Tests.Channels.Teams;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Dashboard;

/// <summary>
/// People signed in with Entra ID see on the dashboard, its exports and the agreement page exactly what Viewer lets them
/// see in chat: a rep their team, a manager the teams they manage, marketing every team's feedback, an admin everything,
/// anyone else a 403. Each test asks by query string for what the person may not see, and finds none of it.
/// </summary>
public sealed class DashboardVisibilityAttackTests : IAsyncLifetime
{
    private const string AdminOid = "0f0e0d0c-0000-4000-8000-00000000ad01";
    private const string JamieOid = "0f0e0d0c-0000-4000-8000-00000000a2a2";
    private static readonly string[] Pages = ["/", "/agreement", "/dashboard/leads.csv", "/dashboard/feedback.csv"];

    private readonly TeamsTestApp _app = new(new(EntraSignIn.Settings())
    {
        // An admin known by Entra object id alone, on no team, and a North America rep configured with theirs.
        ["Routing:Admins:1:Email"] = "ops.lead@contoso.com",
        ["Routing:Admins:1:Name"] = "Ops Lead",
        ["Routing:Admins:1:TeamsAadObjectId"] = AdminOid,
        ["Routing:Teams:2:Members:0:TeamsAadObjectId"] = JamieOid,
    });

    public async Task InitializeAsync()
    {
        EntraSignIn.UseRealDates(_app);
        await Lead(SampleLeads.Emea("e-wait"), "Emea Waiting GmbH");
        var emea = await Lead(SampleLeads.Emea("e-rej"), "Emea Rejected AG");
        await Lead(SampleLeads.NorthAmerica("n-wait"), "Na Waiting Inc");
        var na = await Lead(SampleLeads.NorthAmerica("n-rej"), "Na Rejected LLC");
        var actions = _app.Get<LeadActions>();
        Assert.Equal(StepStatus.Done, actions.Reject(emea, new Actor(Email: SampleLeads.EmeaRep), "no-budget", "EMEA-COMMENT budget frozen", "teams").Status);
        var offeredTo = _app.Store.Find(na)!.OfferedTo!;
        Assert.Equal(StepStatus.Done, actions.Reject(na, new Actor(Email: offeredTo), "no-budget", "NA-COMMENT wrong fit", "teams").Status);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ARepOfEmea_AskingForNorthAmerica_GetsNothingOfIt_OnAnyPageOrExport()
    {
        using var anna = await SignedIn("anna.schmidt@contoso.com", "Anna Schmidt");

        foreach (var body in await ForbiddenEverywhere(anna, "?period=week&team=North%20America")) NothingOfNorthAmerica(body);
        // Her own team: the pipeline and the team's leads, but feedback (reasons, comments) is for managers and marketing.
        var own = await anna.GetStringAsync("/?period=week");
        Assert.Contains("Emea Waiting GmbH", own, StringComparison.Ordinal);
        Assert.DoesNotContain("EMEA-COMMENT", own, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"no-feedback\"", own, StringComparison.Ordinal);
        NothingOfNorthAmerica(own);
        var leads = await anna.GetStringAsync("/dashboard/leads.csv?period=week");
        Assert.Contains("Emea Waiting GmbH", leads, StringComparison.Ordinal);
        NothingOfNorthAmerica(leads);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync("/dashboard/feedback.csv?period=week")).StatusCode);
    }

    [Fact]
    public async Task AManager_SeesTheTeamsTheyManage_AndNoOther()
    {
        using var marta = await SignedIn("marta.novak@contoso.com", "Marta Novak");
        using var grace = await SignedIn("grace.manager@contoso.com", "Grace Kim");

        var page = await marta.GetStringAsync("/?period=week");
        var agreement = await marta.GetStringAsync("/agreement?period=week");
        var feedback = await marta.GetAsync("/dashboard/feedback.csv?period=week");
        var elsewhere = await marta.GetAsync("/?period=week&team=North%20America");
        var graces = await grace.GetStringAsync("/agreement?period=week");

        Assert.Contains("EMEA-COMMENT", page, StringComparison.Ordinal); // her team's feedback, comments included
        Assert.Contains("data-testid=\"waiting-list\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("All teams", page, StringComparison.Ordinal);
        NothingOfNorthAmerica(page);
        Assert.Equal(["EMEA"], Teams(agreement));
        Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
        Assert.DoesNotContain("marketo", await feedback.Content.ReadAsStringAsync(), StringComparison.Ordinal); // North America's source
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        Assert.Equal(["Enterprise", "Inside Sales"], Teams(graces));
    }

    [Fact]
    public async Task Marketing_SeesEveryTeamsFeedback_ButNoPipeline_AndOnlyRejectedLeads()
    {
        using var mia = await SignedIn("mia.marketing@contoso.com", "Mia Chen");

        var page = await mia.GetStringAsync("/?period=week");
        var leads = await mia.GetStringAsync("/dashboard/leads.csv?period=week");
        var feedback = await mia.GetStringAsync("/dashboard/feedback.csv?period=week");

        Assert.Contains("<option value=\"\">All teams</option>", page, StringComparison.Ordinal);
        Assert.Contains("EMEA-COMMENT", page, StringComparison.Ordinal);
        Assert.Contains("NA-COMMENT", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"no-pipeline\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"waiting-list\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"load\"", page, StringComparison.Ordinal);
        Assert.Contains("Emea Rejected AG", leads, StringComparison.Ordinal);
        Assert.Contains("Na Rejected LLC", leads, StringComparison.Ordinal);
        Assert.DoesNotContain("Emea Waiting GmbH", leads, StringComparison.Ordinal);
        Assert.DoesNotContain("Na Waiting Inc", leads, StringComparison.Ordinal);
        Assert.Contains("marketo", feedback, StringComparison.Ordinal);
        Assert.Contains("hubspot", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdminKnownByObjectIdAlone_SeesEverything()
    {
        using var admin = await SignedIn("someone.else@contoso.com", "Ops Lead", AdminOid);

        var page = await admin.GetStringAsync("/?period=week&team=North%20America");
        var leads = await admin.GetStringAsync("/dashboard/leads.csv?period=week");

        Assert.Contains("Signed in as Ops Lead", page, StringComparison.Ordinal);
        Assert.Contains("Na Waiting Inc", page, StringComparison.Ordinal);
        Assert.Contains("NA-COMMENT", page, StringComparison.Ordinal);
        foreach (var company in new[] { "Emea Waiting GmbH", "Emea Rejected AG", "Na Waiting Inc", "Na Rejected LLC" })
            Assert.Contains(company, leads, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheObjectIdWins_AndAnEmailAloneIsNotTheRepConfiguredByObjectId()
    {
        using var jamie = await SignedIn("jamie.renamed@contoso.com", "Jamie Lee", JamieOid);
        using var impostor = await SignedIn("jamie.lee@contoso.com", "Jamie Lee");

        var page = await jamie.GetStringAsync("/?period=week");
        var refused = await impostor.GetAsync("/?period=week");

        Assert.Contains("<option value=\"North America\" selected>", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("not on a LeadBot sales or marketing roster", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmailTeamsKnowsAsSomeoneElses_DoesNotMakeASecondAccountThatPerson()
    {
        const string annasOid = "0f0e0d0c-0000-4000-8000-0000000a4a4a";
        _app.Get<TeamsConversations>().RememberUser(new TeamsUser(annasOid, "29:anna", SampleLeads.EmeaRep, "Anna Schmidt", TeamsTestApp.Tenant,
            _app.Fake.BaseUrl, _app.Clock.GetUtcNow()));
        using var realAnna = await SignedIn(SampleLeads.EmeaRep, "Anna Schmidt", annasOid);
        using var secondAccount = await SignedIn(SampleLeads.EmeaRep, "Anna Schmidt");

        Assert.Equal(HttpStatusCode.OK, (await realAnna.GetAsync("/?period=week")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await secondAccount.GetAsync("/?period=week")).StatusCode);
    }

    [Fact]
    public async Task SomeoneOnNoRoster_Gets403_OnEveryPageAndExport()
    {
        using var visitor = await SignedIn("visitor@contoso.com", "Vic Visitor");

        foreach (var body in await ForbiddenEverywhere(visitor, "?period=week"))
        {
            Assert.Contains("not on a LeadBot sales or marketing roster", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Emea", body, StringComparison.Ordinal);
            Assert.DoesNotContain("COMMENT", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnUnknownTeam_IsAClearPage_NotAnotherTeamsFigures()
    {
        using var anna = await SignedIn("anna.schmidt@contoso.com", "Anna Schmidt");

        var response = await anna.GetAsync("/?team=Atlantis");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("There is no team called \"Atlantis\"", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    /// <summary>Every dashboard page and export asked with <paramref name="query"/>: each must be a 403; their bodies.</summary>
    private static async Task<List<string>> ForbiddenEverywhere(HttpClient browser, string query)
    {
        var bodies = new List<string>();
        foreach (var page in Pages)
        {
            var response = await browser.GetAsync(page + query);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{page}: {(int)response.StatusCode}");
            bodies.Add(await response.Content.ReadAsStringAsync());
        }
        return bodies;
    }

    private async Task<HttpClient> SignedIn(string email, string name, string? oid = null)
    {
        var browser = EntraSignIn.Browser(_app);
        await EntraSignIn.SignInAsync(_app, browser, email, name, oid);
        return browser;
    }

    private async Task<string> Lead(Dictionary<string, object?> body, string company)
    {
        ((Dictionary<string, object?>)body["company"]!)["name"] = company;
        var response = await _app.Api().PostJsonAsync("/api/leads", body);
        response.EnsureSuccessStatusCode();
        return (await response.BodyAsync())["id"]!.GetValue<string>();
    }

    /// <summary>None of North America's leads, comments, companies or sources.</summary>
    private static void NothingOfNorthAmerica(string body)
    {
        foreach (var secret in new[] { "Na Waiting Inc", "Na Rejected LLC", "NA-COMMENT", "BrightPath", "marketo" })
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
    }

    private static List<string> Teams(string agreementHtml) =>
        [.. agreementHtml.Split("data-team=\"").Skip(1).Select(s => WebUtility.HtmlDecode(s[..s.IndexOf('"', StringComparison.Ordinal)]))];
}
