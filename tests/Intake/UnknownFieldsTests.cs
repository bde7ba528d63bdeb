using System.Net;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Intake;

public sealed class UnknownFieldsTests
{
    [Fact]
    public async Task UnknownFields_AreKeptAsAttributes_AndNamedInTheWarnings()
    {
        using var app = new LeadBotApp();
        var lead = SampleLeads.Emea("unknown-1");
        lead["utm_term"] = "warehouse robots";
        lead["pageViews"] = 14;
        lead["consent"] = new { email = true };
        ((Dictionary<string, object?>)lead["company"]!)["linkedin"] = "nordwind";

        var response = await app.Api().PostJsonAsync("/api/leads", lead);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var warnings = (await response.BodyAsync())["warnings"]!.AsArray().Select(w => (string)w!).ToList();
        Assert.Equal(4, warnings.Count);
        Assert.Contains("utm_term: not a LeadBot field; kept as attributes.utm_term.", warnings);
        var stored = app.Store.FindByKey("hubspot", "unknown-1")!;
        Assert.Equal("warehouse robots", stored.Attributes!["utm_term"]);
        Assert.Equal("14", stored.Attributes["pageViews"]);
        Assert.Equal("""{"email":true}""", stored.Attributes["consent"]);
        Assert.Equal("nordwind", stored.Attributes["company.linkedin"]);
        Assert.Equal("offered", stored.State.ToString().ToLowerInvariant());
    }

    [Fact]
    public async Task UnknownFields_WithRejectUnknownFields_AreRefusedAsBefore()
    {
        using var app = new LeadBotApp(new() { ["Intake:RejectUnknownFields"] = "true" });
        var lead = SampleLeads.Emea("unknown-2");
        lead["unknownField"] = 1;

        var response = await app.Api().PostJsonAsync("/api/leads", lead);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.BodyAsync())["errors"]!["unknownField"]);
        Assert.Null(app.Store.FindByKey("hubspot", "unknown-2"));
    }

    private const string CsvWithUnknownColumns = """
        source,externalId,email,score,company.name,company.region,utm_term,company.linkedin,emial
        web,csv-unknown-1,ana@nordwind.example,88,Nordwind Logistics,EMEA,warehouse robots,nordwind,
        web,csv-unknown-2,ben@nordwind.example,90,Nordwind Logistics,EMEA,,,ben@typo.example
        """;

    [Fact]
    public async Task CsvColumnsLeadBotDoesNotKnow_AreKeptAsAttributes_LikeJsonFields()
    {
        using var app = new LeadBotApp();

        var response = await app.Api().PostRawAsync("/api/leads", CsvWithUnknownColumns, "text/csv");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var results = (await response.BodyAsync())["results"]!.AsArray();
        Assert.Equal(
            ["utm_term: not a LeadBot field; kept as attributes.utm_term.", "company.linkedin: not a LeadBot field; kept as attributes.company.linkedin."],
            results[0]!["warnings"]!.AsArray().Select(w => (string)w!));
        Assert.Equal(["emial: not a LeadBot field; kept as attributes.emial."], results[1]!["warnings"]!.AsArray().Select(w => (string)w!));
        var first = app.Store.FindByKey("web", "csv-unknown-1")!;
        Assert.Equal(new Dictionary<string, string> { ["utm_term"] = "warehouse robots", ["company.linkedin"] = "nordwind" }, first.Attributes);
        // An empty cell is no value: nothing kept, nothing to warn about.
        Assert.Equal(new Dictionary<string, string> { ["emial"] = "ben@typo.example" }, app.Store.FindByKey("web", "csv-unknown-2")!.Attributes);
    }

    [Fact]
    public async Task CsvColumnsLeadBotDoesNotKnow_WithRejectUnknownFields_AreRefusedNamingThem()
    {
        using var app = new LeadBotApp(new() { ["Intake:RejectUnknownFields"] = "true" });

        var response = await app.Api().PostRawAsync("/api/leads", CsvWithUnknownColumns, "text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.BodyAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("[0].utm_term") && errors.ContainsKey("[0].company.linkedin") && errors.ContainsKey("[1].emial"), errors.ToJsonString());
        Assert.Null(app.Store.FindByKey("web", "csv-unknown-1"));
    }
}
