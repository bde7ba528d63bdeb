using System.Net;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Agreement;

/// <summary>Review, proposals and approval by both sides through the HTTP API, on LiteDB.</summary>
public sealed class AgreementApiTests : IDisposable
{
    private readonly LeadBotApp _app = new();
    private HttpClient Api => _app.Api();

    public void Dispose() => _app.Dispose();

    [Fact]
    public Task WrongIndustryRejections_LeadToAnApprovedChange_ThatStopsTheNextLead() => AgreementScenario.WholeLoop(_app);

    private async Task<string> Proposal(string change = "remove Retail from industries", string by = AgreementScenario.Manager) =>
        (string)(await AgreementScenario.Post(Api, "/api/criteria/proposals", new { change, by }, HttpStatusCode.Created))["id"]!;

    [Fact]
    public async Task OneSideAlone_NeverApplies_HoweverManyOfItApprove()
    {
        var id = await Proposal();

        await AgreementScenario.Post(Api, $"/api/criteria/proposals/{id}/approve", new { by = AgreementScenario.Manager }, HttpStatusCode.OK);
        await AgreementScenario.Post(Api, $"/api/criteria/proposals/{id}/approve", new { by = AgreementScenario.OtherManager }, HttpStatusCode.OK);
        var sales = await AgreementScenario.Post(Api, $"/api/criteria/proposals/{id}/approve", new { by = AgreementScenario.Manager }, HttpStatusCode.OK);
        var other = await Proposal("set minScore to 75", AgreementScenario.Marketer);
        await AgreementScenario.Post(Api, $"/api/criteria/proposals/{other}/approve", new { by = AgreementScenario.Marketer }, HttpStatusCode.OK);
        var marketing = await AgreementScenario.Post(Api, $"/api/criteria/proposals/{other}/approve", new { by = AgreementScenario.Marketer2 }, HttpStatusCode.OK);

        Assert.Equal(("pending", "a marketer's approval"), ((string?)sales["status"], (string?)sales["waiting"]));
        Assert.Equal(2, sales["approvals"]!.AsArray().Count);
        Assert.Equal(("pending", "a sales manager's approval"), ((string?)marketing["status"], (string?)marketing["waiting"]));
        Assert.Equal(1, (int)(await (await Api.GetAsync("/api/criteria")).BodyAsync())["version"]!);
    }

    [Fact]
    public async Task OnePersonInBothRoles_CannotApproveForBothSides()
    {
        using var app = new LeadBotApp(new() { ["Routing:Teams:1:Managers:1:Email"] = AgreementScenario.Marketer, ["Routing:Teams:1:Managers:1:Name"] = "Mia Chen" });
        var api = app.Api();
        var id = (string)(await AgreementScenario.Post(api, "/api/criteria/proposals", new { change = "set minScore to 75", by = AgreementScenario.Marketer }, HttpStatusCode.Created))["id"]!;

        var alone = await AgreementScenario.Post(api, $"/api/criteria/proposals/{id}/approve", new { by = AgreementScenario.Marketer }, HttpStatusCode.OK);
        var withManager = await AgreementScenario.Post(api, $"/api/criteria/proposals/{id}/approve", new { by = AgreementScenario.Manager }, HttpStatusCode.OK);

        Assert.Equal("pending", (string?)alone["status"]);
        Assert.Equal(("applied", 2), ((string?)withManager["status"], (int?)withManager["version"]));
        Assert.Equal(75, (int)(await (await api.GetAsync("/api/criteria")).BodyAsync())["rules"]!["minScore"]!);
    }

    [Fact]
    public async Task Decline_ClosesTheProposal_WithTheComment_AndLaterApprovalsCannotApplyIt()
    {
        var id = await Proposal();
        await AgreementScenario.Post(Api, $"/api/criteria/proposals/{id}/approve", new { by = AgreementScenario.Manager }, HttpStatusCode.OK);

        var declined = await AgreementScenario.Post(Api, $"/api/criteria/proposals/{id}/decline", new { by = AgreementScenario.Marketer, comment = "Retail is next quarter's focus." }, HttpStatusCode.OK);
        var late = await Api.PostJsonAsync($"/api/criteria/proposals/{id}/approve", new { by = AgreementScenario.Marketer2 });
        var shown = await (await Api.GetAsync($"/api/criteria/proposals/{id}")).BodyAsync();

        Assert.Equal(("declined", AgreementScenario.Marketer, "Retail is next quarter's focus."), ((string?)declined["status"], (string?)declined["declinedBy"], (string?)declined["declineComment"]));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("declined", (string?)shown["status"]);
        Assert.Equal(1, (int)(await (await Api.GetAsync("/api/criteria")).BodyAsync())["version"]!);
    }

    [Fact]
    public async Task BadRequests_GetClearProblems_NeverA500()
    {
        var id = await Proposal();

        Assert.Equal(HttpStatusCode.NotFound, (await Api.PostJsonAsync("/api/criteria/proposals/PNOSUCHID/approve", new { by = AgreementScenario.Manager })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.PostJsonAsync("/api/criteria/proposals/PNOSUCHID/decline", new { by = AgreementScenario.Manager })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.PostJsonAsync($"/api/criteria/proposals/{id}/approve", new { by = SampleLeads.EmeaRep })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.PostJsonAsync($"/api/criteria/proposals/{id}/approve", new { by = "stranger@example.com" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.PostJsonAsync($"/api/criteria/proposals/{id}/approve", new { comment = "who am I" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.PostRawAsync($"/api/criteria/proposals/{id}/approve", "{not json")).StatusCode);
        var unknownValue = await Api.PostJsonAsync("/api/criteria/proposals", new { change = "remove Mining from industries", by = AgreementScenario.Manager });
        Assert.Equal(HttpStatusCode.BadRequest, unknownValue.StatusCode);
        Assert.Contains("Mining is not in industries", (string?)(await unknownValue.BodyAsync())["detail"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.PostJsonAsync("/api/criteria/proposals", new { change = "make it better", by = AgreementScenario.Manager })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.PostJsonAsync("/api/criteria/proposals", new { change = "set minScore to 80", by = "stranger@example.com" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.GetAsync("/api/criteria/review?period=fortnight")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync("/api/criteria")).StatusCode);
    }

    [Fact]
    public async Task TeamCommitments_AreApprovedByThatTeamsManager_AndDriveItsServiceLevel()
    {
        var id = (string)(await AgreementScenario.Post(Api, "/api/criteria/proposals", new { change = "set claimWithin for EMEA to 10m", by = AgreementScenario.Marketer }, HttpStatusCode.Created))["id"]!;

        var otherTeam = await Api.PostJsonAsync($"/api/criteria/proposals/{id}/approve", new { by = AgreementScenario.OtherManager });
        await AgreementScenario.Post(Api, $"/api/criteria/proposals/{id}/approve", new { by = AgreementScenario.Marketer }, HttpStatusCode.OK);
        var applied = await AgreementScenario.Post(Api, $"/api/criteria/proposals/{id}/approve", new { by = AgreementScenario.Manager }, HttpStatusCode.OK);
        var criteria = await (await Api.GetAsync("/api/criteria")).BodyAsync();

        Assert.Equal(HttpStatusCode.Forbidden, otherTeam.StatusCode);
        Assert.Equal("applied", (string?)applied["status"]);
        Assert.Equal("00:10:00", (string?)criteria["commitments"]!.AsArray().Single(t => (string?)t!["team"] == "EMEA")!["claimWithin"]);
    }

    [Fact]
    public async Task ReviewBelowTheThresholds_ProposesNothing_AndSaysWhyAWonDealMatters()
    {
        await AgreementScenario.RetailRejected(Api, count: 19);

        var review = await (await Api.GetAsync("/api/criteria/review?period=week")).BodyAsync();

        Assert.Empty(review["proposals"]!.AsArray());
        var retail = review["values"]!.AsArray().Single(v => (string?)v!["criterion"] == "industry" && (string?)v["value"] == "Retail")!;
        Assert.Equal((19, 19), ((int)retail["leads"]!, (int)retail["rejected"]!["not-icp:wrong-industry"]!));
        Assert.Equal(20, (int)review["minLeads"]!);
    }

    [Fact]
    public async Task AValueThatProducedAWonDeal_IsStillProposed_ButTheProposalSaysSo()
    {
        await AgreementScenario.RetailRejected(Api, count: 19);
        var won = (string)(await AgreementScenario.Post(Api, "/api/leads", AgreementScenario.Retail("retail-won"), HttpStatusCode.Created))["id"]!;
        await AgreementScenario.Post(Api, $"/api/leads/{won}/accept", new { rep = SampleLeads.EmeaRep }, HttpStatusCode.OK);
        await AgreementScenario.Post(Api, $"/api/leads/{won}/outcome", new { outcome = "won", rep = SampleLeads.EmeaRep, amount = 12000 }, HttpStatusCode.OK);

        var proposed = (await (await Api.GetAsync("/api/criteria/review?period=week")).BodyAsync())["proposals"]!.AsArray().Single()!;
        var proposal = await AgreementScenario.Post(Api, "/api/criteria/proposals", new { change = "remove Retail from industries", by = AgreementScenario.Marketer }, HttpStatusCode.Created);

        Assert.Equal((20, 1), ((int)proposed["figures"]!["wouldNotQualify"]!, (int)proposed["figures"]!["won"]!));
        Assert.Equal("1 of these leads became won deals: this change would have kept them from sales.", (string?)proposed["warning"]);
        Assert.Equal((string?)proposed["warning"], (string?)proposal["warning"]);
        Assert.Contains("1 won", (string?)proposal["effect"]);
    }

    [Fact]
    public async Task ApproveAndDecline_Racing_EndOneWayOnly()
    {
        for (var round = 0; round < 5; round++)
        {
            var id = await Proposal($"set minScore to {71 + round}");
            await AgreementScenario.Post(Api, $"/api/criteria/proposals/{id}/approve", new { by = AgreementScenario.Manager }, HttpStatusCode.OK);

            var answers = await Task.WhenAll(
                Api.PostJsonAsync($"/api/criteria/proposals/{id}/approve", new { by = AgreementScenario.Marketer }),
                Api.PostJsonAsync($"/api/criteria/proposals/{id}/decline", new { by = AgreementScenario.Marketer2, comment = "no" }));
            var final = await (await Api.GetAsync($"/api/criteria/proposals/{id}")).BodyAsync();
            var criteria = await (await Api.GetAsync("/api/criteria")).BodyAsync();

            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, a.StatusCode.ToString()));
            var applied = (string?)final["status"] == "applied";
            Assert.Equal(applied ? 71 + round : (int)criteria["rules"]!["minScore"]!, (int)criteria["rules"]!["minScore"]!);
            Assert.Equal(applied, criteria["history"]!.AsArray().Any(h => (string?)h!["proposalId"] == id));
        }
    }
}
