using LeadBot.Leads;
using LeadBot.Privacy;
using LeadBot.Storage;

namespace LeadBot.Tests.Storage;

/// <summary>Erasure on both stores (<see cref="IPersonalDataStore"/>): every stored trace of the person is rewritten, counts are not.</summary>
public abstract partial class StoreContractTests
{
    /// <summary>Every record the store holds, as stored text: what a person with the file or the database could read.</summary>
    protected abstract IEnumerable<string> EverythingStored();

    private IPersonalDataStore Personal => (IPersonalDataStore)Store;

    private static readonly string[] IngridValues = ["ingrid-1@nordwind.example", "Ingrid", "Larsen", "+47 22 12 34 56", "Nordwind Logistics", "nordwind.example"];

    /// <summary>Ingrid's lead, rejected with a comment naming her and then accepted, with messages in every state about her.</summary>
    private Lead StoreIngrid()
    {
        var lead = NewLead("ingrid-1", id: "LEAD-1") with
        {
            Phone = "+47 22 12 34 56", Title = "Head of Operations", Notes = "Met Ingrid at the fair", Campaign = "Webinar Q4", Score = 86,
            Company = new Company { Name = "Nordwind Logistics", Domain = "nordwind.example", Industry = "Logistics", Country = "NO", Region = "EMEA" },
            Attributes = new Dictionary<string, string> { ["utm_content"] = "ingrid larsen banner" },
            CriteriaMet = ["score 86 ≥ 70", "business email (nordwind.example)"],
        };
        Store.Insert([Admit(lead)]);
        var rejected = lead with { State = LeadState.Rejected, RejectedBy = ["anna.schmidt@contoso.com"], RejectionReason = "no-budget",
            RejectionComment = "Ingrid says no budget until Q3", Version = 2, UpdatedAt = T0.AddMinutes(5) };
        Assert.True(Store.TryUpdate(new LeadChange(rejected,
            [Event(lead.Id, "rejected", T0.AddMinutes(5), "Anna Schmidt") with { Reason = "no-budget", Comment = rejected.RejectionComment }])));
        var offered = rejected with { State = LeadState.Offered, Version = 3, UpdatedAt = T0.AddMinutes(6) };
        Assert.True(Store.TryUpdate(new LeadChange(offered, [Event(lead.Id, "offered", T0.AddMinutes(6))])));
        var accepted = Claim(offered, "luca.rossi@contoso.com", "Luca Rossi", T0.AddMinutes(7));
        Assert.True(Store.TryUpdate(accepted with
        {
            Events = [.. accepted.Events, Event(lead.Id, "contacted", T0.AddMinutes(7), "Luca Rossi") with { Comment = "Good call, wants a demo" }],
        }));
        // A reminder that went out quoting her name, and a digest (no lead) that lists her.
        Store.Enqueue([
            Message($"reminder:{lead.Id}:1", T0, OutboxMessage.Kinds.Reminder, lead.Id) with { Payload = "{\"text\":\"No outcome for Ingrid Larsen yet\"}" },
            Message("digest:emea:1", T0, OutboxMessage.Kinds.Digest) with { Payload = "{\"waiting\":[\"Ingrid Larsen (Nordwind Logistics)\",\"Maeve O'Connor\"]}" },
        ]);
        var sent = Store.TakeDue(T0.AddMinutes(8), 100, "w", TimeSpan.FromMinutes(1)).Single(m => m.Id == $"reminder:{lead.Id}:1");
        Store.Complete(sent.Id, "w", T0.AddMinutes(8));
        return Store.Find(lead.Id)!;
    }

    private static Erasure Erased(Lead lead, IReadOnlyList<LeadEvent> history, Redactor redactor) =>
        new(ErasedCopy.Of(lead, redactor, T0.AddHours(1)),
            ErasedCopy.History(history, redactor, ErasedCopy.Event(lead, T0.AddHours(1), "test", LeadEvent.Channels.Api, "personal data erased: test")),
            [Message($"card-update:{lead.Id}", T0.AddHours(1), OutboxMessage.Kinds.CardUpdate, lead.Id) with { Audience = "posted" }]);

    [Fact]
    public void Erase_LeavesNoPersonalValueInAnyRecord_AndCountsUnchanged()
    {
        var lead = StoreIngrid();
        var other = NewLead("maeve-1") with { FirstName = "Maeve", LastName = "O'Connor", Email = "maeve@brightpath.example" };
        Store.Insert([Admit(other)]);
        var countsBefore = Store.CounterTotals(T0.AddDays(-1), T0.AddDays(1));
        var redactor = Redactor.For([lead]);

        var result = Personal.Erase([Erased(lead, Store.History(lead.Id), redactor)], redactor).Single();

        Assert.NotNull(result);
        Assert.Equal(6, result.Events); // received, offered, rejected, offered, accepted, contacted
        Assert.Equal(2, result.Comments);
        var stored = string.Join("\n", EverythingStored());
        foreach (var value in IngridValues) Assert.DoesNotContain(value, stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Met Ingrid", stored, StringComparison.Ordinal);
        Assert.Contains("Maeve", stored, StringComparison.Ordinal); // the other person is untouched, even inside the digest
        Assert.Equal(countsBefore.OrderBy(c => c.Metric).ThenBy(c => c.Team), Store.CounterTotals(T0.AddDays(-1), T0.AddDays(1)).OrderBy(c => c.Metric).ThenBy(c => c.Team));

        var erased = Store.Find(lead.Id)!;
        Assert.Equal((lead.State, lead.Team, lead.Source, lead.Campaign, lead.Score, lead.ReceivedAt, lead.ClaimedAt, lead.Owner),
            (erased.State, erased.Team, erased.Source, erased.Campaign, erased.Score, erased.ReceivedAt, erased.ClaimedAt, erased.Owner));
        Assert.Equal("Logistics", erased.Company?.Industry);
        Assert.NotNull(erased.ErasedAt);
        var history = Store.History(lead.Id);
        Assert.Equal(7, history.Count);
        Assert.Equal("erased", history[^1].Type);
        Assert.Equal(Redactor.Erased, history.Single(e => e.Type == "rejected").Comment);
        Assert.Equal("Good call, wants a demo", history.Single(e => e.Type == "contacted").Comment); // names nobody: kept
        var comments = Store.LatestComments(new CommentQuery(T0.AddDays(-1), T0.AddDays(1)));
        var mine = comments.Where(c => c.LeadId == lead.Id).ToList();
        Assert.Equal(2, mine.Count);
        Assert.Contains(mine, c => c.Comment == Redactor.Erased);
        Assert.Contains(mine, c => c.Comment == "Good call, wants a demo");
        Assert.All(mine, c => Assert.Equal(Redactor.Erased, c.LeadLabel));
    }

    [Fact]
    public void Erase_DropsUnsentMessages_AndQueuesTheCardUpdate()
    {
        var lead = NewLead("ingrid-1", id: "LEAD-1");
        Store.Insert([Admit(lead)]);
        var redactor = Redactor.For([lead]);

        var result = Personal.Erase([Erased(lead, Store.History(lead.Id), redactor)], redactor).Single()!;

        Assert.Equal(1, result.MessagesDropped);
        var due = Store.TakeDue(T0.AddDays(1), 100, "w", TimeSpan.FromMinutes(1));
        Assert.Equal([$"card-update:{lead.Id}"], due.Select(m => m.Id));
        Assert.Equal(1, Store.OutboxStats().Pending);
    }

    [Fact]
    public void Erase_GivesTheKeyUp_SoTheSameRecordLaterIsANewLead()
    {
        var lead = NewLead("ingrid-1");
        Store.Insert([Admit(lead)]);
        var redactor = Redactor.For([lead]);
        Personal.Erase([Erased(lead, Store.History(lead.Id), redactor)], redactor);

        Assert.Null(Store.FindByKey("hubspot", "ingrid-1"));
        Assert.Empty(Store.ExistingKeys([lead.Key]));
        var again = NewLead("ingrid-1", id: "LAGAIN");
        Assert.True(Store.Insert([Admit(again)]).Single().Inserted);
        Assert.Equal("LAGAIN", Store.FindByKey("hubspot", "ingrid-1")!.Id);
        Assert.Equal(["LAGAIN"], Personal.FindByEmail("INGRID-1@nordwind.example ").Select(l => l.Id));
    }

    [Fact]
    public void Erase_WhenTheLeadChangedFirst_WritesNothingOfIt()
    {
        var lead = NewLead("ingrid-1");
        Store.Insert([Admit(lead)]);
        Assert.True(Store.TryUpdate(new LeadChange(lead with { Version = 2, Title = "CFO" }, [])));
        var redactor = Redactor.For([lead]);

        var result = Personal.Erase([Erased(lead, Store.History(lead.Id), redactor)], redactor).Single();

        Assert.Null(result);
        Assert.Equal("ingrid-1@nordwind.example", Store.Find(lead.Id)!.Email);
        Assert.Equal(2, Store.History(lead.Id).Count);
        Assert.Equal(1, Store.OutboxStats().Pending);
    }

    [Fact]
    public void FindByEmail_IgnoresCaseAndSpaces_ReadsEscapedEmails_AndSkipsOtherPeople()
    {
        Store.Insert([Admit(NewLead("a") with { Email = "Ingrid+Leads@Nordwind.example" }), Admit(NewLead("b") with { Email = "ingrid+leads@nordwind.example" }),
            Admit(NewLead("c") with { Email = "other+ingrid+leads@nordwind.example" }), Admit(NewLead("d") with { Email = null, Phone = "+47 1" })]);

        Assert.Equal(["LA", "LB"], Personal.FindByEmail(" ingrid+leads@NORDWIND.example").Select(l => l.Id).Order());
        Assert.Empty(Personal.FindByEmail("nobody@nordwind.example"));
    }
}
