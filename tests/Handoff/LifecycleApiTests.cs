using System.Net;
using LeadBot.Leads;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Handoff;

/// <summary>Every lifecycle transition and refusal through the real HTTP pipeline.</summary>
public sealed class LifecycleApiTests : IDisposable
{
    private readonly LeadBotApp _app = new();
    private readonly HttpClient _api;

    public LifecycleApiTests() => _api = _app.Api();

    public void Dispose() => _app.Dispose();

    private async Task<string> NewEmeaLead(string externalId = "emea-1") =>
        (string)(await (await _api.PostJsonAsync("/api/leads", SampleLeads.Emea(externalId))).BodyAsync())["id"]!;

    private Task<HttpResponseMessage> Accept(string id, string rep) => _api.PostJsonAsync($"/api/leads/{id}/accept", new { rep });

    private Task<HttpResponseMessage> Outcome(string id, string outcome, string? rep = SampleLeads.EmeaRep, decimal? amount = null) =>
        _api.PostJsonAsync($"/api/leads/{id}/outcome", new { outcome, rep, amount });

    [Fact]
    public async Task Accept_MakesTheRepOwner_AndRecordsWhoWhenAndHowFast()
    {
        var id = await NewEmeaLead();
        _app.Clock.Advance(TimeSpan.FromMinutes(3));

        var response = await Accept(id, SampleLeads.EmeaRep);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lead = _app.Store.Find(id)!;
        Assert.Equal(LeadState.Accepted, lead.State);
        Assert.Equal("Anna Schmidt", lead.Owner!.DisplayName);
        Assert.Equal(LeadBotApp.Start.AddMinutes(3), lead.ClaimedAt);
        var accepted = _app.Store.History(id).Single(e => e.Type == "accepted");
        Assert.Equal("Anna Schmidt", accepted.Actor);
        Assert.Equal("api", accepted.Channel);
        Assert.Equal("offered", accepted.From);
        Assert.Equal(["time to claim 3 min"], accepted.Details);
    }

    [Fact]
    public async Task Accept_WhenAlreadyClaimed_Answers409WithTheOwner()
    {
        var id = await NewEmeaLead();
        await Accept(id, SampleLeads.EmeaRep);

        var second = await Accept(id, SampleLeads.EmeaRep2);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var body = await second.BodyAsync();
        Assert.Contains("Anna Schmidt already accepted this lead", (string?)body["detail"]);
        Assert.Equal("Anna Schmidt", (string?)body["owner"]!["displayName"]);
    }

    [Fact]
    public async Task HundredParallelClaims_ProduceExactlyOneOwner()
    {
        var id = await NewEmeaLead();
        string[] reps = [SampleLeads.EmeaRep, SampleLeads.EmeaRep2, SampleLeads.EmeaManager];

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => Accept(id, reps[i % reps.Length]))));

        var codes = responses.Select(r => r.StatusCode).ToList();
        Assert.DoesNotContain(HttpStatusCode.InternalServerError, codes);
        var lead = _app.Store.Find(id)!;
        Assert.NotNull(lead.Owner);
        Assert.Single(_app.Store.History(id), e => e.Type == "accepted");
        // The winner's own repeat clicks are told it is theirs (200); every other rep gets 409 naming the winner.
        for (var i = 0; i < responses.Length; i++)
        {
            var isOwner = string.Equals(reps[i % reps.Length], lead.Owner.Email, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(isOwner ? HttpStatusCode.OK : HttpStatusCode.Conflict, responses[i].StatusCode);
        }
    }

    [Fact]
    public async Task Accept_ByRepOfAnotherTeam_IsForbidden()
    {
        var id = await NewEmeaLead();

        var response = await Accept(id, "jamie.lee@contoso.com");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("EMEA team", (string?)(await response.BodyAsync())["detail"]);
        Assert.Equal(LeadState.Offered, _app.Store.Find(id)!.State);
    }

    [Fact]
    public async Task Accept_BySomeoneOnNoRoster_IsForbidden()
    {
        var id = await NewEmeaLead();

        var response = await Accept(id, "stranger@elsewhere.example");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("not on a sales team roster", (string?)(await response.BodyAsync())["detail"]);
    }

    [Fact]
    public async Task Accept_NurtureLead_IsRefusedWith409()
    {
        var id = (string)(await (await _api.PostJsonAsync("/api/leads", SampleLeads.Nurture())).BodyAsync())["id"]!;

        var response = await Accept(id, "kai.tanaka@contoso.com");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("did not qualify", (string?)(await response.BodyAsync())["detail"]);
    }

    [Fact]
    public async Task Accept_UnknownLead_Answers404()
    {
        var response = await Accept("L0UNKNOWN", SampleLeads.EmeaRep);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Accept_OverCapacity_IsRefused()
    {
        using var app = new LeadBotApp(new() { ["Routing:Teams:1:Capacity"] = "1" });
        var api = app.Api();
        var first = (string)(await (await api.PostJsonAsync("/api/leads", SampleLeads.Emea("c1"))).BodyAsync())["id"]!;
        var second = (string)(await (await api.PostJsonAsync("/api/leads", SampleLeads.Emea("c2"))).BodyAsync())["id"]!;
        await api.PostJsonAsync($"/api/leads/{first}/accept", new { rep = SampleLeads.EmeaRep });

        var response = await api.PostJsonAsync($"/api/leads/{second}/accept", new { rep = SampleLeads.EmeaRep });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("your limit is 1", (string?)(await response.BodyAsync())["detail"]);
    }

    [Fact]
    public async Task Reject_RecordsReasonAndComment_AndTellsMarketing()
    {
        var id = await NewEmeaLead();

        var response = await _api.PostJsonAsync($"/api/leads/{id}/reject", new { rep = SampleLeads.EmeaRep, reason = "no-budget", comment = "Budget frozen until Q3" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lead = _app.Store.Find(id)!;
        Assert.Equal(LeadState.Rejected, lead.State);
        Assert.Equal(["anna.schmidt@contoso.com"], lead.RejectedBy);
        var ev = _app.Store.History(id).Single(e => e.Type == "rejected");
        Assert.Equal(("no-budget", "Budget frozen until Q3", "Anna Schmidt"), (ev.Reason, ev.Comment, ev.Actor));
        var due = _app.Store.TakeDue(LeadBotApp.Start.AddMinutes(1), 100, "test", TimeSpan.FromMinutes(1));
        Assert.Contains(due, m => m.Kind == "rejected" && m.Audience == "marketing" && m.LeadId == id);
        Assert.Contains(due, m => m.Kind == "card-update" && m.LeadId == id);
    }

    [Theory]
    [InlineData(null, null, "Choose a reason")]
    [InlineData("because", null, "Choose a reason")]
    [InlineData("other", null, "comment")]
    [InlineData("other", "   ", "comment")]
    public async Task Reject_WithoutAValidReason_Answers400(string? reason, string? comment, string expected)
    {
        var id = await NewEmeaLead();

        var response = await _api.PostJsonAsync($"/api/leads/{id}/reject", new { rep = SampleLeads.EmeaRep, reason, comment });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (string?)(await response.BodyAsync())["detail"]);
        Assert.Equal(LeadState.Offered, _app.Store.Find(id)!.State);
    }

    [Fact]
    public async Task Reject_AfterAccept_IsRefused()
    {
        var id = await NewEmeaLead();
        await Accept(id, SampleLeads.EmeaRep);

        var response = await _api.PostJsonAsync($"/api/leads/{id}/reject", new { rep = SampleLeads.EmeaRep2, reason = "no-need" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Outcomes_MoveForwardThroughTheWorkedStates()
    {
        var id = await NewEmeaLead();
        await Accept(id, SampleLeads.EmeaRep);

        foreach (var step in new[] { "contacted", "meeting", "opportunity" })
            Assert.Equal(HttpStatusCode.OK, (await Outcome(id, step)).StatusCode);
        var won = await Outcome(id, "won", amount: 48000m);

        Assert.Equal(HttpStatusCode.OK, won.StatusCode);
        var lead = _app.Store.Find(id)!;
        Assert.Equal(LeadState.Won, lead.State);
        Assert.Equal(48000m, lead.Amount);
        Assert.Equal(["received", "qualified", "offered", "accepted", "contacted", "meeting", "opportunity", "won"],
            _app.Store.History(id).Select(e => e.Type).ToArray());
    }

    [Fact]
    public async Task Outcome_MaySkipStagesForwardButNeverGoBack()
    {
        var id = await NewEmeaLead();
        await Accept(id, SampleLeads.EmeaRep);
        Assert.Equal(HttpStatusCode.OK, (await Outcome(id, "meeting")).StatusCode);

        var back = await Outcome(id, "contacted");

        Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
        Assert.Contains("cannot go back", (string?)(await back.BodyAsync())["detail"]);
    }

    [Fact]
    public async Task Outcome_BeforeAccept_IsRefused()
    {
        var id = await NewEmeaLead();

        var response = await Outcome(id, "contacted", rep: null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("after the lead is accepted", (string?)(await response.BodyAsync())["detail"]);
    }

    [Fact]
    public async Task Outcome_OnClosedLead_IsRefused()
    {
        var id = await NewEmeaLead();
        await Accept(id, SampleLeads.EmeaRep);
        await Outcome(id, "lost");

        var response = await Outcome(id, "won");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("closed (lost)", (string?)(await response.BodyAsync())["detail"]);
    }

    [Fact]
    public async Task Disqualified_IsPossibleFromAnyWorkedState()
    {
        var id = await NewEmeaLead();
        await Accept(id, SampleLeads.EmeaRep);
        await Outcome(id, "opportunity");

        var response = await Outcome(id, "disqualified");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(LeadState.Disqualified, _app.Store.Find(id)!.State);
    }

    [Fact]
    public async Task Outcome_ByARepWhoDoesNotOwnTheLead_IsForbidden_ButTheTeamManagerMay()
    {
        var id = await NewEmeaLead();
        await Accept(id, SampleLeads.EmeaRep);

        var other = await Outcome(id, "contacted", rep: SampleLeads.EmeaRep2);
        var manager = await Outcome(id, "contacted", rep: SampleLeads.EmeaManager);

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, manager.StatusCode);
    }

    [Fact]
    public async Task UnknownOutcome_Answers400ListingTheValidOnes()
    {
        var id = await NewEmeaLead();
        await Accept(id, SampleLeads.EmeaRep);

        var response = await Outcome(id, "signed");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("contacted, meeting, opportunity, won, lost, disqualified", (string?)(await response.BodyAsync())["detail"]);
    }

    [Fact]
    public async Task OutcomeFromSystemOfRecord_FindsTheLeadBySourceAndExternalId()
    {
        var id = await NewEmeaLead("crm-7");
        await Accept(id, SampleLeads.EmeaRep);

        var response = await _api.PostJsonAsync("/api/leads/hubspot/crm-7/outcome", new { outcome = "opportunity", amount = 12000 });
        var missing = await _api.PostJsonAsync("/api/leads/hubspot/nope/outcome", new { outcome = "won" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var ev = _app.Store.History(id).Single(e => e.Type == "opportunity");
        Assert.Equal("system of record", ev.Actor);
    }

    [Fact]
    public async Task StepWithMalformedBody_Answers400NotA500()
    {
        var id = await NewEmeaLead();

        var response = await _api.PostRawAsync($"/api/leads/{id}/accept", "{oops");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
