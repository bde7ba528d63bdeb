using LeadBot.Agreement;
using LeadBot.Leads;
using LeadBot.Qualification;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Qualification;

public sealed class QualifierTests : IDisposable
{
    private readonly LeadBotApp _app = new();

    public void Dispose() => _app.Dispose();

    private QualificationResult Evaluate(Lead lead) => Qualifier.Evaluate(lead, _app.Get<Agreements>().Current.Rules);

    private static Lead Lead(int? score = 80, string? email = "a@acme.example", Company? company = null) => new()
    {
        Id = "L1", Source = "t", ExternalId = "1", ReceivedAt = LeadBotApp.Start, Score = score, Email = email,
        Company = company ?? new Company { Industry = "Software", Employees = 500, Region = "EMEA" },
    };

    [Fact]
    public void QualifiedLead_ListsEveryCriterionItMet_InPlainWords()
    {
        var result = Evaluate(Lead());

        Assert.True(result.Qualified);
        Assert.Equal(["score 80 ≥ 70", "industry Software is in ICP", "500 employees is within 50–20,000", "region EMEA is in ICP", "business email (acme.example)"], result.Met);
        Assert.Empty(result.Failed);
    }

    [Fact]
    public void MissingData_FailsThatCriterion_RatherThanPassingSilently()
    {
        var result = Evaluate(Lead(score: null, company: new Company()));

        Assert.False(result.Qualified);
        Assert.Equal(["no score (needs ≥ 70)", "industry unknown", "company size unknown", "country and region unknown"], result.Failed);
    }

    [Fact]
    public void ScoreExactlyAtTheThreshold_Qualifies()
    {
        Assert.True(Evaluate(Lead(score: 70)).Qualified);
        Assert.Contains("score 69 < 70", Evaluate(Lead(score: 69)).Failed);
    }

    [Fact]
    public void IndustryAndFreeMail_AreComparedWithoutCase()
    {
        var result = Evaluate(Lead(email: "x@GMAIL.com", company: new Company { Industry = "software", Employees = 60, Region = "emea" }));

        Assert.Contains("industry software is in ICP", result.Met);
        Assert.Contains("email domain GMAIL.com is excluded (free mail)", result.Failed);
    }

    [Fact]
    public void PhoneOnlyLead_IsNotFailedForItsEmail()
    {
        var result = Evaluate(Lead(email: null));

        Assert.True(result.Qualified);
    }
}
