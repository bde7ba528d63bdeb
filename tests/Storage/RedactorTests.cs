using LeadBot.Leads;
using LeadBot.Storage;

namespace LeadBot.Tests.Storage;

public sealed class RedactorTests
{
    private static readonly Redactor Ingrid = Redactor.For([new Lead
    {
        Id = "L1", Source = "hubspot", ExternalId = "42", Email = "ingrid.larsen+leads@nordwind.example", FirstName = "Ingrid", LastName = "Larsen",
        Phone = "+47 22 12 34 56", Company = new Company { Name = "Nordwind", Domain = "nordwind.example" }, ReceivedAt = DateTimeOffset.UnixEpoch,
    }]);

    [Theory]
    [InlineData("ingrid says no budget")]
    [InlineData("Call INGRID.LARSEN+LEADS@nordwind.example first")]
    [InlineData("Larsen's team")]
    [InlineData("Nordwind is too small")]
    [InlineData("phone +47 22 12 34 56 is dead")]
    public void Comment_NamingThePerson_IsErasedWhole(string comment) => Assert.Equal(Redactor.Erased, Ingrid.Comment(comment));

    [Theory]
    [InlineData("Annual budget is spent")]
    [InlineData("Ingridsson is the buyer")]     // a longer word is another word
    [InlineData("No budget, try ticket 42")]    // a two-digit external id is no identifier
    public void Comment_NamingNobody_IsKept(string comment) => Assert.Equal(comment, Ingrid.Comment(comment));

    [Fact]
    public void Scrub_ReplacesEachValueWhereItStands_EscapedJsonToo()
    {
        Assert.Equal("No outcome for [erased] ([erased]) yet", Ingrid.Scrub("No outcome for Ingrid Larsen (Nordwind) yet"));
        Assert.Equal("{\"email\":\"[erased]\"}", Ingrid.Scrub(StoreJson.Write(new { email = "ingrid.larsen+leads@nordwind.example" })));
        Assert.Null(Ingrid.Scrub(null));
    }
}
