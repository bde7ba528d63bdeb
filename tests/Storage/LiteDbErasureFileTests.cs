using System.Text;
using LeadBot.Leads;
using LeadBot.Privacy;
using LeadBot.Storage;

namespace LeadBot.Tests.Storage;

/// <summary>What stays in the LiteDB file itself: rewritten documents leave their old bytes behind until the file is rebuilt.</summary>
public sealed class LiteDbErasureFileTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private const string Email = "ingrid.larsen@nordwind.example";
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-erase-").FullName;

    private string Connection => $"Filename={Path.Combine(_folder, "leadbot.db")};Connection=shared";

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static Lead Person(string externalId, string email, string first, string last) => new()
    {
        Id = "L" + externalId.ToUpperInvariant(), Source = "hubspot", ExternalId = externalId, Email = email, FirstName = first, LastName = last,
        Phone = "+47 22 12 34 56", ReceivedAt = T0, UpdatedAt = T0, State = LeadState.Rejected, Version = 1, Team = "EMEA",
        RejectionComment = $"{first} has no budget",
    };

    private static LeadChange Admit(Lead lead) => new(lead,
        [new LeadEvent { LeadId = lead.Id, At = T0, Type = "received" },
         new LeadEvent { LeadId = lead.Id, At = T0.AddMinutes(1), Type = "rejected", Reason = "no-budget", Comment = lead.RejectionComment }],
        [new OutboxMessage { Id = "rejected:" + lead.Id, Kind = "rejected", LeadId = lead.Id, Audience = "marketing", CreatedAt = T0, DueAt = T0, Payload = lead.Email }]);

    private IEnumerable<string> Files() => Directory.EnumerateFiles(_folder);

    private bool AnyFileHolds(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return Files().Any(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0);
    }

    [Fact]
    public void Compact_AfterErase_LeavesNoByteOfTheEmailInAnyFile()
    {
        var others = Enumerable.Range(0, 300).Select(i => Person($"other-{i}", $"person{i}@example.org", "Maeve", "O'Connor")).ToList();
        using (var store = new LiteDbLeadStore(Connection))
        {
            var ingrid = Person("ingrid-1", Email, "Ingrid", "Larsen");
            store.Insert([Admit(ingrid), .. others.Select(Admit)]);
            Assert.True(AnyFileHolds(Email)); // the scan can see it: the test would notice if it stayed
            var redactor = Redactor.For([ingrid]);
            var erasure = new Erasure(ErasedCopy.Of(ingrid, redactor, T0.AddDays(1)),
                ErasedCopy.History(store.History(ingrid.Id), redactor, ErasedCopy.Event(ingrid, T0.AddDays(1), "test", "api", "erased")), []);
            Assert.NotNull(store.Erase([erasure], redactor).Single());

            store.Compact();

            Assert.Equal(LiteDbLeadStore.LatestLayout, store.SchemaVersion);
            Assert.Null(store.Find(ingrid.Id)!.Email);
        }
        Assert.False(AnyFileHolds(Email), "A file still holds the erased email: " + string.Join(", ", Files().Select(Path.GetFileName)));
        Assert.False(AnyFileHolds("Ingrid"));
        using var reopened = new LiteDbLeadStore(Connection);
        Assert.Equal("person299@example.org", reopened.Find("LOTHER-299")!.Email);
        Assert.Equal(2, reopened.History("LOTHER-299").Count);
        Assert.Equal(301, reopened.FindLeads(new LeadQuery { Limit = 1000 }).Count); // 300 others and Ingrid's erased lead
        Assert.Equal(300, reopened.OutboxStats().Pending); // Ingrid's unsent message was dropped
    }
}
