using LeadBot.Agreement;
using LeadBot.Qualification;

namespace LeadBot.Tests.Agreement;

public sealed class ProposedChangeTests
{
    private static readonly AgreementVersion V1 = new()
    {
        Version = 1, ApprovedAt = DateTimeOffset.UnixEpoch, Change = "seeded",
        Rules = new QualificationRules { MinScore = 70, Industries = ["Retail", "Software"], MinEmployees = 50, MaxEmployees = 20000, Regions = ["EMEA"] },
        Teams = [new TeamCommitment("North America", TimeSpan.FromMinutes(5), TimeSpan.FromDays(1), null)],
    };

    [Theory]
    [InlineData("remove Retail from industries", "remove", "industries", "Retail", null)]
    [InlineData("Remove Financial Services from industry", "remove", "industries", "Financial Services", null)]
    [InlineData("add gmx.net to excludedEmailDomains", "add", "excludedEmailDomains", "gmx.net", null)]
    [InlineData("set minScore to 75", "set", "minScore", "75", null)]
    [InlineData("raise minscore to 80", "set", "minScore", "80", null)]
    [InlineData("set claimWithin for North America to 10m", "set", "claimWithin", "10m", "North America")]
    [InlineData("set leadsPerMonth for North America to 40", "set", "leadsPerMonth", "40", "North America")]
    public void Parse_ReadsTheChangeAsPeopleWriteIt(string text, string op, string field, string value, string? team)
    {
        var (change, error) = ProposedChange.Parse(text);

        Assert.Null(error);
        Assert.Equal(new ProposedChange(op, field, value, team), change);
    }

    [Theory]
    [InlineData("")]
    [InlineData("make it better please")]
    [InlineData("remove Retail industries")]
    [InlineData("set colour to blue")]
    [InlineData("set claimWithin to 10m")]
    public void Parse_RefusesWhatItCannotRead_SayingHow(string text)
    {
        var (change, error) = ProposedChange.Parse(text);

        Assert.Null(change);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void ApplyTo_MakesTheNextVersion_OrSaysWhyNot()
    {
        Assert.Equal(["Software"], Apply("remove Retail from industries").Rules.Industries);
        Assert.Equal(75, Apply("set minScore to 75").Rules.MinScore);
        Assert.Null(Apply("set maxEmployees to none").Rules.MaxEmployees);
        Assert.Equal(TimeSpan.FromMinutes(10), Apply("set claimWithin for north america to 10m").Teams[0].ClaimWithin);
        Assert.Equal(40, Apply("set leadsPerMonth for North America to 40").Teams[0].LeadsPerMonth);
        Assert.Equal(2, Apply("set minScore to 75").Version);

        Assert.Contains("Mining is not in industries", Error("remove Mining from industries"));
        Assert.Contains("retail is in industries already", Error("add retail to industries"));
        Assert.Contains("only entry of regions", Error("remove EMEA from regions"));
        Assert.Contains("not a score", Error("set minScore to 101"));
        Assert.Contains("above maxEmployees", Error("set minEmployees to 30000"));
        Assert.Contains("no team called \"Mars\"", Error("set claimWithin for Mars to 10m"));
        Assert.Contains("not a duration", Error("set claimWithin for North America to soon"));
    }

    [Fact]
    public void Describe_SaysTheChangeFromWhatIsToWhatWouldBe()
    {
        Assert.Equal("raise minScore 70 → 75", ProposedChange.Parse("set minScore to 75").Change!.Describe(V1));
        Assert.Equal("claimWithin for North America: 5 min → 10 min", ProposedChange.Parse("set claimWithin for North America to 10m").Change!.Describe(V1));
        Assert.Equal("remove Retail from industries", ProposedChange.Parse("remove Retail from industries").Change!.Describe(V1));
    }

    private static AgreementVersion Apply(string text) => ProposedChange.Parse(text).Change!.ApplyTo(V1).Next!;

    private static string Error(string text) => ProposedChange.Parse(text).Change!.ApplyTo(V1).Error!;
}
