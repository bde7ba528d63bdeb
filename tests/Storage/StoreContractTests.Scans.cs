using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Tests.Storage;

public abstract partial class StoreContractTests
{
    [Fact]
    public void ScanLeads_PagesThroughEveryLeadOfTheState_InIdOrder_AndNoOther()
    {
        var offered = Enumerable.Range(0, 23).Select(i => NewLead($"s{i:D2}", id: $"L{i:D3}")).ToList();
        Store.Insert([.. offered.Select(Admit), .. Enumerable.Range(0, 5).Select(i => Admit(NewLead($"n{i}", id: $"L{i:D3}N") with { State = LeadState.Nurture }))]);

        var seen = new List<string>();
        var pages = 0;
        string? after = null;
        do
        {
            var page = Store.ScanLeads(LeadState.Offered, after, 5);
            Assert.True(page.Leads.Count <= 5);
            seen.AddRange(page.Leads.Select(l => l.Id));
            after = page.Next;
            pages++;
        } while (after is not null && pages < 100);

        Assert.Equal(offered.Select(l => l.Id), seen);
        Assert.Equal(5, pages);
        Assert.Equal(5, Store.ScanLeads(LeadState.Nurture, null, 10).Leads.Count);
        Assert.Empty(Store.ScanLeads(LeadState.Won, null, 10).Leads);
    }

    [Fact]
    public void ScanLeads_OfAnExactNumberOfPages_EndsWithAnEmptyLastPage()
    {
        Store.Insert([.. Enumerable.Range(0, 4).Select(i => Admit(NewLead($"e{i}", id: $"L{i:D3}")))]);

        var first = Store.ScanLeads(LeadState.Offered, null, 2);
        var second = Store.ScanLeads(LeadState.Offered, first.Next, 2);
        var third = Store.ScanLeads(LeadState.Offered, second.Next, 2);

        Assert.Equal(["L000", "L001"], first.Leads.Select(l => l.Id));
        Assert.Equal(["L002", "L003"], second.Leads.Select(l => l.Id));
        Assert.Empty(third.Leads);
        Assert.Null(third.Next);
    }

    [Fact]
    public void ScanLeads_PassesOverWhatTheCallerSkips_ByIdAndVersion_ButKeepsPaging()
    {
        Store.Insert([.. Enumerable.Range(0, 6).Select(i => Admit(NewLead($"k{i}", id: $"L{i:D3}")))]);
        var l002 = Store.Find("L002")!;
        Assert.True(Store.TryUpdate(new LeadChange(l002 with { Version = l002.Version + 1, UpdatedAt = T0.AddMinutes(1) }, [Event(l002.Id, "noted", T0.AddMinutes(1))])));

        var skipped = new List<(string, int)>();
        bool Skip(string id, int version)
        {
            skipped.Add((id, version));
            return version == 1 && id is "L000" or "L001" or "L002";
        }
        var first = Store.ScanLeads(LeadState.Offered, null, 3, Skip);
        var second = Store.ScanLeads(LeadState.Offered, first.Next, 3, Skip);

        // L002 changed (version 2), so the caller's "nothing to do at version 1" no longer holds for it.
        Assert.Equal(["L002"], first.Leads.Select(l => l.Id));
        Assert.Equal(["L003", "L004", "L005"], second.Leads.Select(l => l.Id));
        Assert.Contains(("L002", 2), skipped);
    }
}
