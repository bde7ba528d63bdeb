using System.Net;
using LeadBot.Handoff.ServiceLevels;
using LeadBot.Leads;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Handoff.ServiceLevels;

public sealed class RejectionAndOutcomeTests
{
    private static async Task<string> Post(LeadBotApp app, Dictionary<string, object?> lead) =>
        (string)(await (await app.Api().PostJsonAsync("/api/leads", lead)).BodyAsync())["id"]!;

    /// <summary>Rejects, then runs the step after it (the scheduler does that on its next run).</summary>
    private static async Task<HttpResponseMessage> Reject(LeadBotApp app, string id, string rep)
    {
        var response = await app.Api().PostJsonAsync($"/api/leads/{id}/reject", new { rep, reason = "no-budget" });
        Assert.Equal(LeadState.Rejected, app.Store.Find(id)!.State);
        app.Get<SlaTimers>().Run();
        return response;
    }

    [Fact]
    public async Task Rejected_RoundRobinLead_GoesToTheNextRep_AndNeverBackToARejector()
    {
        using var app = new LeadBotApp();
        var id = await Post(app, SampleLeads.NorthAmerica());

        Assert.Equal(HttpStatusCode.OK, (await Reject(app, id, "jamie.lee@contoso.com")).StatusCode);
        Assert.Equal("sam.patel@contoso.com", app.Store.Find(id)!.OfferedTo);
        await Reject(app, id, "sam.patel@contoso.com");
        Assert.Equal("alex.morgan@contoso.com", app.Store.Find(id)!.OfferedTo);
        await Reject(app, id, "alex.morgan@contoso.com");

        // Everyone in the team said no: the fallback team gets it.
        var lead = app.Store.Find(id)!;
        Assert.Equal((LeadState.Offered, "Inside Sales", (string?)null), (lead.State, lead.Team, lead.OfferedTo));
        var due = app.Store.TakeDue(app.Clock.GetUtcNow(), 100, "probe", TimeSpan.FromMinutes(1));
        Assert.Equal(3, due.Count(m => m.Kind == "rejected" && m.Audience == "marketing"));
    }

    [Fact]
    public async Task RejectedByTheFallbackTeam_GoesToNurture()
    {
        using var app = new LeadBotApp();
        var id = await Post(app, SampleLeads.Emea());
        await Reject(app, id, SampleLeads.EmeaRep);

        await Reject(app, id, "kai.tanaka@contoso.com");

        Assert.Equal(LeadState.Nurture, app.Store.Find(id)!.State);
        Assert.Equal(["received", "qualified", "offered", "rejected", "reassigned", "offered", "rejected", "nurture"], app.Store.History(id).Select(e => e.Type));
    }

    [Fact]
    public async Task WithAfterRejectNurture_ARejectedLeadGoesBackToMarketing()
    {
        using var app = new LeadBotApp(new() { ["Handoff:AfterReject"] = "nurture" });
        var id = await Post(app, SampleLeads.Emea());

        await Reject(app, id, SampleLeads.EmeaRep);

        Assert.Equal(LeadState.Nurture, app.Store.Find(id)!.State);
        Assert.Contains("Handoff:AfterReject", app.Store.History(id)[^1].Reason);
    }

    [Fact]
    public async Task OutcomeFromASystemOfRecord_KeepsItsDateAndAmount()
    {
        using var app = new LeadBotApp();
        var id = await Post(app, SampleLeads.Emea("crm-1"));
        await app.Api().PostJsonAsync($"/api/leads/{id}/accept", new { rep = SampleLeads.EmeaRep });

        var response = await app.Api().PostJsonAsync("/api/leads/hubspot/crm-1/outcome",
            new { outcome = "won", amount = 48000m, date = "2026-11-29T15:00:00Z", comment = "Signed" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ev = app.Store.History(id)[^1];
        Assert.Equal(("won", "system of record", "Signed"), (ev.Type, ev.Actor, ev.Comment));
        Assert.Equal(["amount 48000", "date 2026-11-29"], ev.Details);
    }

    [Fact]
    public async Task OutcomeFromASystemOfRecord_StillFollowsTheLifecycle_AndRefusesAFutureDate()
    {
        using var app = new LeadBotApp();
        var id = await Post(app, SampleLeads.Emea("crm-2"));

        var early = await app.Api().PostJsonAsync("/api/leads/hubspot/crm-2/outcome", new { outcome = "won" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        await app.Api().PostJsonAsync($"/api/leads/{id}/accept", new { rep = SampleLeads.EmeaRep });
        var future = await app.Api().PostJsonAsync("/api/leads/hubspot/crm-2/outcome", new { outcome = "won", date = "2027-06-01" });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Api().PostJsonAsync("/api/leads/hubspot/nope/outcome", new { outcome = "won" })).StatusCode);
    }
}
