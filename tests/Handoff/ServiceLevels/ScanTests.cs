using LeadBot.Handoff.ServiceLevels;
using LeadBot.Leads;
using LeadBot.Storage;
using LeadBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LeadBot.Tests.Handoff.ServiceLevels;

/// <summary>
/// The timers read the store a page at a time and pass over accepted leads whose timers have all fired. The background
/// scheduler waits 40 days between runs here, so only the test runs the timers (after the one run at start).
/// </summary>
public sealed class ScanTests : IDisposable
{
    private readonly LeadBotApp _app = new(new() { ["Sla:ScanInterval"] = "40.00:00:00" });

    public void Dispose() => _app.Dispose();

    private ILeadStore Store => _app.Store;

    private void Run(TimeSpan advance)
    {
        _app.Clock.Advance(advance);
        _app.Get<SlaTimers>().Run();
    }

    private List<string> Events(string id) => Store.History(id).Select(e => e.Type).ToList();

    [Fact]
    public void OfferedLeads_MoreThanAPage_AreAllEscalated()
    {
        var ids = Insert(SlaTimers.Page + 3, accepted: false);

        Run(TimeSpan.FromMinutes(5));

        Assert.All(ids, id => Assert.Single(Events(id), e => e == SlaTimers.Events.Escalated));
        Assert.All(ids, id => Assert.Equal(LeadState.Expired, Store.Find(id)!.State));
    }

    [Fact]
    public void AcceptedLeads_MoreThanAPage_AreAllReminded_ThenTheirManagersTold()
    {
        var ids = Insert(SlaTimers.Page + 3, accepted: true);

        Run(TimeSpan.FromDays(1));
        Assert.All(ids, id => Assert.Single(Events(id), e => e == SlaTimers.Events.Reminded));
        Assert.All(ids, id => Assert.DoesNotContain(SlaTimers.Events.ManagersNotified, Events(id)));

        Run(TimeSpan.FromDays(1));
        Assert.All(ids, id => Assert.Single(Events(id), e => e == SlaTimers.Events.ManagersNotified));
    }

    [Fact]
    public void ALeadWhoseTimersAllFired_IsNotReadAgain_UntilItChanges()
    {
        var ids = Insert(3, accepted: true);
        var claimedAt = _app.Clock.GetUtcNow();
        Run(TimeSpan.FromDays(1));
        Run(TimeSpan.FromDays(1));
        Run(TimeSpan.FromMinutes(1)); // both timers are behind every lead now

        // Reading a lead whose marks are gone would put them back from its history: a settled lead stays unread.
        foreach (var id in ids) Forget(id, claimedAt);
        Run(TimeSpan.FromMinutes(1));
        Assert.All(ids, id => Assert.False(Marked(id, "remind", claimedAt)));

        // A new claim is a new version: it is read again, and its own timers run.
        var lead = Store.Find(ids[0])!;
        var reclaimedAt = _app.Clock.GetUtcNow();
        Assert.True(Store.TryUpdate(new LeadChange(lead with { ClaimedAt = reclaimedAt, Version = lead.Version + 1, UpdatedAt = reclaimedAt },
            [new LeadEvent { LeadId = lead.Id, At = reclaimedAt, Type = "accepted", From = "accepted" }])));
        Run(TimeSpan.FromDays(1));
        Assert.Equal(2, Events(ids[0]).Count(e => e == SlaTimers.Events.Reminded));
        Assert.All(ids[1..], id => Assert.False(Marked(id, "remind", claimedAt)));
    }

    [Fact]
    public void AWaitingLeadThatChanged_IsReadAgain_BeforeItsQuietTimeRunsOut()
    {
        var ids = Insert(2, accepted: false);
        Run(TimeSpan.FromMinutes(1)); // nothing due for four more minutes: both leads are passed over until then

        // Offered ten minutes earlier after all (a new version): its escalation is due now, not in four minutes.
        var lead = Store.Find(ids[0])!;
        Assert.True(Store.TryUpdate(new LeadChange(lead with { OfferedAt = lead.OfferedAt!.Value.AddMinutes(-10), Version = lead.Version + 1 }, [])));
        Run(TimeSpan.FromMinutes(1));

        Assert.Single(Events(ids[0]), e => e == SlaTimers.Events.Escalated);
        Assert.DoesNotContain(SlaTimers.Events.Escalated, Events(ids[1]));
        Run(TimeSpan.FromMinutes(3));
        Assert.Single(Events(ids[1]), e => e == SlaTimers.Events.Escalated);
    }

    [Fact]
    public void AChangedServiceLevel_AppliesAtTheNextRun_ToLeadsPassedOver()
    {
        var ids = Insert(1, accepted: false);
        Run(TimeSpan.FromMinutes(6)); // escalated; reassignment due 30 minutes after the offer, so passed over until then
        Assert.Single(Events(ids[0]), e => e == SlaTimers.Events.Escalated);

        // The configuration reloads with 10 minutes to reassign (a new options instance, as a reload gives).
        _app.Get<IConfiguration>()["Sla:ReassignAfter"] = "00:10:00";
        _app.Get<IOptionsMonitorCache<SlaOptions>>().TryRemove(Options.DefaultName);
        Run(TimeSpan.FromMinutes(5));

        Assert.Single(Events(ids[0]), e => e == Reassignment.Reassigned);
    }

    [Fact]
    public void WaitingLeadsThatStopWaiting_AreForgotten()
    {
        var timers = _app.Get<SlaTimers>();
        var ids = Insert(3, accepted: false);
        Run(TimeSpan.FromMinutes(1));
        Assert.Equal(3, timers.QuietLeads);

        var lead = Store.Find(ids[0])!;
        var now = _app.Clock.GetUtcNow();
        Assert.True(Store.TryUpdate(new LeadChange(lead with { State = LeadState.Accepted, Owner = new LeadOwner(SampleLeads.EmeaRep, "Anna Schmidt"), ClaimedAt = now, Version = lead.Version + 1 },
            [new LeadEvent { LeadId = lead.Id, At = now, Type = "accepted", From = "offered" }])));
        Run(TimeSpan.FromMinutes(1));

        Assert.Equal(2, timers.QuietLeads);
    }

    /// <summary>EMEA leads (claim mode) offered now, or accepted now by Anna, written straight to the store.</summary>
    private List<string> Insert(int count, bool accepted)
    {
        var now = _app.Clock.GetUtcNow();
        var changes = Enumerable.Range(0, count).Select(i =>
        {
            var lead = new Lead
            {
                Id = LeadId.New(now), Source = "hubspot", ExternalId = $"scan-{i}", FirstName = "Ingrid", LastName = $"Lead {i}",
                ReceivedAt = now, UpdatedAt = now, Team = "EMEA", OfferedAt = now, State = LeadState.Offered,
            };
            List<LeadEvent> events =
            [
                new() { LeadId = lead.Id, At = now, Type = "received" },
                new() { LeadId = lead.Id, At = now, Type = "qualified", From = "received" },
                new() { LeadId = lead.Id, At = now, Type = "offered", From = "qualified" },
            ];
            if (!accepted) return new LeadChange(lead, events);
            events.Add(new LeadEvent { LeadId = lead.Id, At = now, Type = "accepted", From = "offered" });
            return new LeadChange(lead with { State = LeadState.Accepted, Owner = new LeadOwner(SampleLeads.EmeaRep, "Anna Schmidt"), ClaimedAt = now }, events);
        }).ToList();
        Store.Insert(changes);
        return changes.Select(c => c.Lead.Id).ToList();
    }

    private void Forget(string id, DateTimeOffset claimedAt)
    {
        Assert.True(Store.Remove(SlaTimers.FiredBag, $"{id}|remind|{claimedAt.UtcTicks}"));
        Assert.True(Store.Remove(SlaTimers.FiredBag, $"{id}|managers|{claimedAt.UtcTicks}"));
    }

    private bool Marked(string id, string timer, DateTimeOffset claimedAt) =>
        Store.Get<Dictionary<string, object>>(SlaTimers.FiredBag, $"{id}|{timer}|{claimedAt.UtcTicks}") is not null;
}
