using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Tests.Storage;

/// <summary>
/// What every <see cref="ILeadStore"/> promises, run against each implementation by a subclass. Where a promise is about
/// several instances (one winner of a claim, one taker of a message), the test uses two store objects on the same data.
/// </summary>
public abstract partial class StoreContractTests : IDisposable
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private readonly List<IDisposable> _opened = [];
    private ILeadStore? _store;

    /// <summary>A new store object on this test's data; every call is another "instance" sharing it.</summary>
    protected abstract ILeadStore OpenStore();

    protected ILeadStore Store => _store ??= Open();

    protected ILeadStore Open()
    {
        var store = OpenStore();
        if (store is IDisposable d) _opened.Add(d);
        return store;
    }

    public virtual void Dispose()
    {
        foreach (var d in _opened) d.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static Lead NewLead(string externalId, string? id = null, DateTimeOffset? receivedAt = null, string team = "EMEA") => new()
    {
        Id = id ?? "L" + externalId.ToUpperInvariant(), Source = "hubspot", ExternalId = externalId, Email = $"{externalId}@nordwind.example",
        FirstName = "Ingrid", LastName = "Larsen", ReceivedAt = receivedAt ?? T0, UpdatedAt = receivedAt ?? T0,
        State = LeadState.Offered, Version = 1, Team = team,
    };

    protected static LeadEvent Event(string leadId, string type, DateTimeOffset? at = null, string? actor = null) =>
        new() { LeadId = leadId, At = at ?? T0, Type = type, Actor = actor };

    protected static OutboxMessage Message(string id, DateTimeOffset? dueAt = null, string kind = OutboxMessage.Kinds.Announce, string? leadId = null) =>
        new() { Id = id, Kind = kind, LeadId = leadId, Audience = "team:EMEA", CreatedAt = T0, DueAt = dueAt ?? T0 };

    protected static LeadChange Admit(Lead lead) =>
        new(lead, [Event(lead.Id, "received"), Event(lead.Id, "offered")], [Message($"announce:{lead.Id}:EMEA", leadId: lead.Id)]);

    protected static LeadChange Claim(Lead lead, string email, string name, DateTimeOffset at) => new(
        lead with { State = LeadState.Accepted, Owner = new LeadOwner(email, name), ClaimedAt = at, Version = lead.Version + 1 },
        [Event(lead.Id, "accepted", at, name)],
        [Message($"card-update:{lead.Id}", at, OutboxMessage.Kinds.CardUpdate, lead.Id)]);

    [Fact]
    public void Store_WhenOpened_IsReachableAndMigrated()
    {
        Assert.Null(Store.Probe());
        Assert.True(Store.SchemaVersion >= 1);
    }

    [Fact]
    public void Insert_NewLead_IsFoundByIdAndKeyWithEventsAndOutbox()
    {
        var lead = NewLead("a-1");

        var result = Assert.Single(Store.Insert([Admit(lead)]));

        Assert.True(result.Inserted);
        Assert.Equal(lead.Id, Store.Find(lead.Id)?.Id);
        Assert.Equal(lead.Id, Store.FindByKey(" HubSpot ", "a-1 ")?.Id);
        Assert.Equal(["received", "offered"], Store.History(lead.Id).Select(e => e.Type));
        Assert.Equal(1, Store.OutboxStats().Pending);
        Assert.Equal([lead.Key], Store.ExistingKeys([lead.Key, Lead.KeyOf("hubspot", "other")]));
        Assert.Empty(Store.ExistingKeys([]));
        Assert.Null(Store.Find("LNOPE"));
    }

    [Fact]
    public void Insert_EveryField_ReadsBackTheSameShape()
    {
        var lead = NewLead("full") with
        {
            Title = "Head of Operations", Phone = "+47 22 12 34 56", Score = 86, Campaign = "Webinar Q4", Notes = "Wants a demo \"soon\" – ü, 漢字",
            Company = new Company { Name = "Nordwind", Domain = "nordwind.example", Industry = "Logistics", Employees = 850, Country = "NO", Region = "EMEA" },
            QualifiedAt = new DateTimeOffset(2026, 11, 29, 17, 30, 0, TimeSpan.FromHours(2)),
            Attributes = new Dictionary<string, string> { ["utm_source"] = "linkedin", ["empty"] = "" },
            CriteriaMet = ["score 86 ≥ 70"], CriteriaFailed = [], RoutingReason = "region EMEA", RejectedBy = ["luca.rossi@contoso.com"],
            Owner = new LeadOwner("Anna.Schmidt@contoso.com", "Anna Schmidt"), Amount = 12500.50m, State = LeadState.Won,
        };

        Store.Insert([new LeadChange(lead, [])]);

        Assert.Equal(StoreJson.Write(lead), StoreJson.Write(Store.Find(lead.Id)));
    }

    [Fact]
    public void Insert_SameKeyAgain_KeepsTheFirstAndReturnsIt()
    {
        var first = NewLead("dup", id: "LFIRST");
        Store.Insert([Admit(first)]);

        var results = Store.Insert([Admit(NewLead("dup", id: "LSECOND")), Admit(NewLead("fresh")), Admit(NewLead("fresh", id: "LFRESH2"))]);

        Assert.Equal([false, true, false], results.Select(r => r.Inserted));
        Assert.Equal(["LFIRST", "LFRESH", "LFRESH"], results.Select(r => r.Lead.Id));
        Assert.Null(Store.Find("LSECOND"));
        Assert.Empty(Store.History("LSECOND"));
        Assert.Equal(2, Store.OutboxStats().Pending);
    }

    [Fact]
    public void KeysFoundAbsent_ThenInsertedTwiceInOneScope_StoreTheFirstOnly()
    {
        // Intake's shape: ask which keys exist, then insert in the same scope; a second insert of a key that was absent
        // when asked (another caller's batch in the same group) must still be seen as a repeat.
        var results = Store.RunTogether(() =>
        {
            Assert.Empty(Store.ExistingKeys([NewLead("asked").Key]));
            var first = Store.Insert([Admit(NewLead("asked", id: "LASKED1"))]).Single();
            var second = Store.Insert([Admit(NewLead("asked", id: "LASKED2"))]).Single();
            return (first, second);
        });

        Assert.True(results.first.Inserted);
        Assert.False(results.second.Inserted);
        Assert.Equal("LASKED1", results.second.Lead.Id);
        Assert.Null(Store.Find("LASKED2"));
        Assert.Equal(["LASKED1"], Store.FindLeads(new LeadQuery()).Select(l => l.Id).Where(id => id.StartsWith("LASKED", StringComparison.Ordinal)));
    }

    [Fact]
    public void Insert_SameKeyConcurrentlyFromTwoInstances_StoresOneLead()
    {
        var stores = new[] { Store, Open() };
        var results = Concurrently.Run(16, i => stores[i % 2].Insert([Admit(NewLead("race", id: $"LRACE{i:D2}"))]).Single());

        var winner = Assert.Single(results, r => r.Inserted).Lead.Id;
        Assert.All(results, r => Assert.Equal(winner, r.Lead.Id));
        Assert.Equal(["received", "offered"], Store.History(winner).Select(e => e.Type));
        Assert.Equal(1, Store.OutboxStats().Pending);
    }

    [Fact]
    public void TryUpdate_WhenStoredVersionMoved_WritesNothing()
    {
        var lead = NewLead("v");
        Store.Insert([Admit(lead)]);
        Assert.True(Store.TryUpdate(Claim(lead, "anna.schmidt@contoso.com", "Anna Schmidt", T0.AddMinutes(1))));

        var stale = Claim(lead, "luca.rossi@contoso.com", "Luca Rossi", T0.AddMinutes(2));

        Assert.False(Store.TryUpdate(stale));
        Assert.Equal("Anna Schmidt", Store.Find(lead.Id)?.Owner?.DisplayName);
        Assert.Equal(["received", "offered", "accepted"], Store.History(lead.Id).Select(e => e.Type));
        Assert.False(Store.TryUpdate(Claim(NewLead("missing"), "luca.rossi@contoso.com", "Luca Rossi", T0)));
    }

    [Fact]
    public void TryUpdate_HundredParallelClaimsOnTwoInstances_ExactlyOneWins()
    {
        var lead = NewLead("claim");
        Store.Insert([Admit(lead)]);
        var stores = new[] { Store, Open() };

        var wins = Concurrently.Run(100, i => stores[i % 2].TryUpdate(Claim(lead, $"rep{i}@contoso.com", $"Rep {i}", T0.AddSeconds(i))) ? i : -1)
            .Where(i => i >= 0).ToList();

        var winner = Assert.Single(wins);
        Assert.Equal($"rep{winner}@contoso.com", Store.Find(lead.Id)?.Owner?.Email);
        Assert.Equal(2, Store.Find(lead.Id)?.Version);
        Assert.Single(Store.History(lead.Id), e => e.Type == "accepted");
    }

    [Fact]
    public void History_KeepsTimeOrderAndTheOrderEventsWereWrittenIn()
    {
        var lead = NewLead("h");
        Store.Insert([new LeadChange(lead, [Event(lead.Id, "received"), Event(lead.Id, "qualified"), Event(lead.Id, "offered")])]);
        Store.Append([Event(lead.Id, "reminded", T0.AddHours(2)), Event(lead.Id, "escalated", T0.AddHours(1))]);
        Store.Append([Event(lead.Id, "updated", T0.AddHours(1))], [Message("reminder:h")]);

        Assert.Equal(["received", "qualified", "offered", "escalated", "updated", "reminded"], Store.History(lead.Id).Select(e => e.Type));
        Assert.Equal(1, Store.OutboxStats().Pending);
    }

    [Fact]
    public void FindLeads_FiltersByTeamOwnerOfferStateAndTime()
    {
        var a = NewLead("f-a", receivedAt: T0) with { Owner = new LeadOwner("Anna.Schmidt@contoso.com", "Anna"), State = LeadState.Accepted };
        var b = NewLead("f-b", receivedAt: T0.AddDays(1)) with { Owner = new LeadOwner("anna.schmidt@contoso.com", "Anna"), State = LeadState.Won };
        var c = NewLead("f-c", receivedAt: T0.AddDays(2), team: "North America") with { OfferedTo = "Jamie.Lee@contoso.com" };
        var d = NewLead("f-d", receivedAt: T0.AddDays(3)) with { Owner = new LeadOwner("anna.schmidt@contoso.com", "Anna"), State = LeadState.Meeting };
        Store.Insert(new[] { a, b, c, d }.Select(l => new LeadChange(l, [])).ToList());

        IEnumerable<string> Ids(LeadQuery q) => Store.FindLeads(q).Select(l => l.Id).Order();

        Assert.Equal(["LF-A", "LF-B", "LF-D"], Ids(new LeadQuery { Team = "EMEA" }));
        Assert.Equal(["LF-A", "LF-B", "LF-D"], Ids(new LeadQuery { Owner = "ANNA.SCHMIDT@contoso.com" }));
        Assert.Equal(["LF-C"], Ids(new LeadQuery { OfferedTo = "jamie.lee@CONTOSO.com" }));
        Assert.Equal(["LF-A", "LF-C"], Ids(new LeadQuery { States = [LeadState.Accepted, LeadState.Offered] }));
        Assert.Equal(["LF-B", "LF-C"], Ids(new LeadQuery { ReceivedFrom = T0.AddDays(1), ReceivedTo = T0.AddDays(3) }));
        Assert.Equal(["LF-B"], Ids(new LeadQuery { Team = "EMEA", ReceivedFrom = T0.AddHours(1).ToOffset(TimeSpan.FromHours(5)), ReceivedTo = T0.AddDays(2) }));
        Assert.Equal(2, Store.FindLeads(new LeadQuery { Limit = 2 }).Count);
        Assert.Equal(4, Store.FindLeads(new LeadQuery()).Count);
        Assert.Equal(2, Store.CountOpenOwnedBy("Anna.Schmidt@CONTOSO.com"));
        Assert.Equal(0, Store.CountOpenOwnedBy("nobody@contoso.com"));
    }
}
