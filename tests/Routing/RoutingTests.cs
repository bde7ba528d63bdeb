using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace LeadBot.Tests.Routing;

public sealed class RoutingTests : IDisposable
{
    private readonly LeadBotApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Lead Lead(string? region = null, int? employees = null, string? country = null) => new()
    {
        Id = "L1", Source = "t", ExternalId = "1", ReceivedAt = LeadBotApp.Start, Score = 80,
        Company = new Company { Region = region, Employees = employees, Country = country, Industry = "Software" },
    };

    [Fact]
    public void FirstMatchingTeamWins_AndTheReasonNamesTheCondition()
    {
        var router = _app.Get<Router>();

        var enterprise = router.Route(Lead(region: "EMEA", employees: 9000));
        var emea = router.Route(Lead(region: "EMEA", employees: 300));

        Assert.Equal("Enterprise", enterprise.Team.Name);
        Assert.Equal("routed to Enterprise: employees 9,000 in 5,000+", enterprise.Reason);
        Assert.Equal("EMEA", emea.Team.Name);
        Assert.Equal("routed to EMEA: region = EMEA", emea.Reason);
    }

    [Fact]
    public void UnmatchedLead_GoesToTheFallback_AndSaysWhyNoTeamMatched()
    {
        var decision = _app.Get<Router>().Route(Lead(region: "LATAM", employees: 300));

        Assert.Equal("Inside Sales", decision.Team.Name);
        Assert.StartsWith("routed to Inside Sales: fallback team (no other team matched — Enterprise: employees 300 not in 5,000+; EMEA: region LATAM not in EMEA;", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Routing_IsDeterministic()
    {
        var router = _app.Get<Router>();
        var lead = Lead(region: "NA", employees: 1200);

        var reasons = Enumerable.Range(0, 20).Select(_ => router.Route(lead).Reason).Distinct();

        Assert.Single(reasons);
    }

    [Theory]
    [InlineData("Routing:Fallback", "Nobody", "Routing:Fallback 'Nobody' is not one of Routing:Teams.")]
    [InlineData("Routing:Teams:1:Mode", "lottery", "Routing:Teams:1:Mode must be 'claim' or 'round-robin' (was 'lottery').")]
    [InlineData("Routing:Teams:1:TimeZone", "Mars/Olympus", "Routing:Teams:1:TimeZone 'Mars/Olympus' is not a known time zone.")]
    [InlineData("Routing:Teams:1:Name", "Enterprise", "Routing:Teams:1:Name 'Enterprise' is used twice.")]
    [InlineData("Routing:Admins:1:Name", "Nameless", "Routing:Admins:1 ('Nameless') needs an Email.")]
    [InlineData("Qualification:MinScore", "140", "Qualification:MinScore must be between 0 and 100 (was 140).")]
    [InlineData("Qualification:ExcludedEmailDomains:0", "bob@gmail.com", "Qualification:ExcludedEmailDomains holds domains (gmail.com), not addresses.")]
    public void BadConfiguration_StopsTheBotAtStartWithTheKeyNamed(string key, string value, string message)
    {
        using var app = new LeadBotApp(new() { [key] = value });

        var error = app.FailsToStart<OptionsValidationException>();

        Assert.Contains(message, error.Failures);
    }

    [Fact]
    public void Admins_BindInTheSameShapeAsMembers()
    {
        var admins = _app.Get<IOptions<RoutingOptions>>().Value.Admins;

        var alex = Assert.Single(admins);
        Assert.Equal(("alexw@example.com", "Alex Wilber"), (alex.Email, alex.Name));
    }

    [Fact]
    public void NoTeamsAtAll_IsAValidStart_ButAFallbackNamingNoTeamIsNot()
    {
        using (var empty = new LeadBotApp(exampleTeams: false)) Assert.Empty(empty.Get<Router>().Teams);

        using var app = new LeadBotApp(new() { ["Routing:Fallback"] = "Inside Sales" }, exampleTeams: false);
        var error = app.FailsToStart<OptionsValidationException>();
        Assert.Contains("Routing:Fallback 'Inside Sales' is not one of Routing:Teams.", error.Failures);
    }
}
