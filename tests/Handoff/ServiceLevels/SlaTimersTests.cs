using System.Net;
using LeadBot.Handoff.ServiceLevels;
using LeadBot.Leads;
using LeadBot.Storage;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Handoff.ServiceLevels;

/// <summary>
/// Hours and days of service-level clock, driven by the fake clock. The timers are run by hand after each step (the
/// background scheduler may get there first when the clock moves; either way each timer fires once).
/// </summary>
public sealed class SlaTimersTests : IDisposable
{
    private readonly LeadBotApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<string> Post(Dictionary<string, object?> lead)
    {
        var response = await _app.Api().PostJsonAsync("/api/leads", lead);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.BodyAsync())["id"]!;
    }

    private int Run(TimeSpan advance)
    {
        _app.Clock.Advance(advance);
        return _app.Get<SlaTimers>().Run();
    }

    private List<string> Events(string id) => _app.Store.History(id).Select(e => e.Type).ToList();

    private int _looks;

    /// <summary>Everything in the outbox (each look leases for a second, so the next look is a second later).</summary>
    private List<OutboxMessage> Outbox() =>
        _app.Store.TakeDue(_app.Clock.GetUtcNow().AddYears(1).AddMinutes(++_looks), 1000, "probe", TimeSpan.FromSeconds(1)).ToList();

    [Fact]
    public async Task ClaimMode_NotAcceptedWithinFiveBusinessMinutes_IsEscalatedOnce_WithTheManagers()
    {
        var id = await Post(SampleLeads.Emea());

        Run(TimeSpan.FromMinutes(4));
        Assert.DoesNotContain("escalated", Events(id));
        Run(TimeSpan.FromMinutes(1));
        Run(TimeSpan.FromMinutes(1));

        var escalated = Assert.Single(_app.Store.History(id), e => e.Type == "escalated");
        Assert.Contains("5 min", escalated.Reason);
        Assert.Equal(["managers: Marta Novak"], escalated.Details);
        Assert.Equal(LeadState.Expired, _app.Store.Find(id)!.State);
        var message = Assert.Single(Outbox(), m => m.Kind == "escalate");
        Assert.Equal("team:EMEA", message.Audience);
        Assert.Equal("claim", SlaNotice.Read(message.Payload)!.Stage);
        // Expired leads can still be accepted.
        Assert.Equal(HttpStatusCode.OK, (await _app.Api().PostJsonAsync($"/api/leads/{id}/accept", new { rep = SampleLeads.EmeaRep })).StatusCode);
    }

    [Fact]
    public async Task ClaimClock_RunsOnlyInWorkingHours_NotAtNightNorAtTheWeekend()
    {
        // Friday 4 December 2026, 16:58 in Berlin.
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 4, 15, 58, 0, TimeSpan.Zero));
        var id = await Post(SampleLeads.Emea());

        Run(TimeSpan.FromMinutes(10));      // Friday evening
        Run(TimeSpan.FromHours(14));        // Saturday morning
        Run(TimeSpan.FromDays(1));          // Sunday
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 8, 2, 59, TimeSpan.Zero)); // Monday 09:02:59 Berlin
        _app.Get<SlaTimers>().Run();
        Assert.DoesNotContain("escalated", Events(id));

        Run(TimeSpan.FromSeconds(1));       // 2 minutes on Friday + 3 on Monday
        Assert.Contains("escalated", Events(id));
    }

    [Fact]
    public async Task ClaimMode_StillWaitingAfterReassignAfter_MovesToTheFallbackTeam()
    {
        var id = await Post(SampleLeads.Emea());

        Run(TimeSpan.FromMinutes(5));
        Run(TimeSpan.FromMinutes(25));

        var lead = _app.Store.Find(id)!;
        Assert.Equal((LeadState.Offered, "Inside Sales"), (lead.State, lead.Team));
        Assert.Equal(["received", "qualified", "offered", "escalated", "reassigned", "offered"], Events(id));
        Assert.Contains(Outbox(), m => m.Id == $"announce:{id}:Inside Sales" && m.Audience == "team:Inside Sales");
        // The fallback team's own clock starts now: nothing more for 5 minutes.
        Run(TimeSpan.FromMinutes(4));
        Assert.Equal(6, Events(id).Count);
    }

    [Fact]
    public async Task RoundRobin_NotAccepted_GoesToTheNextRep_ThenToTheTeamChannelWithItsManagers()
    {
        // 09:00 in New York, when the North America team's day begins.
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero));
        var id = await Post(SampleLeads.NorthAmerica());

        var offeredTo = new List<string?> { _app.Store.Find(id)!.OfferedTo };
        for (var i = 0; i < 5; i++)
        {
            Run(TimeSpan.FromMinutes(5));
            offeredTo.Add(_app.Store.Find(id)!.OfferedTo);
        }
        Run(TimeSpan.FromMinutes(5));

        Assert.Equal(["jamie.lee@contoso.com", "sam.patel@contoso.com", "alex.morgan@contoso.com", "jamie.lee@contoso.com", "sam.patel@contoso.com", "alex.morgan@contoso.com"], offeredTo);
        var lead = _app.Store.Find(id)!;
        Assert.Equal((LeadState.Expired, null, "North America"), (lead.State, lead.OfferedTo, lead.Team));
        Assert.Equal(5, Events(id).Count(e => e == "reoffered"));
        Assert.Equal("escalated", Events(id)[^1]);
        Assert.Contains(Outbox(), m => m.Kind == "escalate" && m.Audience == "team:North America");
        Assert.Contains(Outbox(), m => m.Id == $"offer:{id}:sam.patel@contoso.com");
    }

    [Fact]
    public async Task AcceptedWithoutOutcome_RemindsTheOwnerAfterOneBusinessDay_ThenTellsTheManagers()
    {
        var id = await Post(SampleLeads.Emea());
        await _app.Api().PostJsonAsync($"/api/leads/{id}/accept", new { rep = SampleLeads.EmeaRep });

        Run(TimeSpan.FromHours(23));
        Assert.DoesNotContain("reminded", Events(id));
        Run(TimeSpan.FromHours(1));
        Assert.Contains("reminded", Events(id));
        Assert.Contains(Outbox(), m => m.Kind == "reminder" && m.Audience == "rep:anna.schmidt@contoso.com");
        Assert.DoesNotContain("managers-notified", Events(id));

        Run(TimeSpan.FromDays(1));
        Run(TimeSpan.FromDays(1));
        Assert.Single(Events(id), e => e == "reminded");
        Assert.Single(Events(id), e => e == "managers-notified");
        var note = Assert.Single(Outbox(), m => m.Audience == "managers:EMEA");
        Assert.Equal(SampleLeads.EmeaRep, SlaNotice.Read(note.Payload)!.Owner);
    }

    [Fact]
    public async Task AnOutcomeInTime_StopsTheReminders()
    {
        var id = await Post(SampleLeads.Emea());
        Assert.Equal(HttpStatusCode.OK, (await _app.Api().PostJsonAsync($"/api/leads/{id}/accept", new { rep = SampleLeads.EmeaRep })).StatusCode);
        Run(TimeSpan.FromHours(3));
        var outcome = await _app.Api().PostJsonAsync($"/api/leads/{id}/outcome", new { rep = SampleLeads.EmeaRep, outcome = "contacted" });
        Assert.Equal(HttpStatusCode.OK, outcome.StatusCode);
        Assert.Equal(LeadState.Contacted, _app.Store.Find(id)!.State);

        Run(TimeSpan.FromDays(3));

        Assert.DoesNotContain("reminded", Events(id));
        Assert.DoesNotContain(Outbox(), m => m.Kind == "reminder");
    }
}
