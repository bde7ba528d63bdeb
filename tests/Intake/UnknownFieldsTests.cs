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
}
