using System.Net;
using System.Text;
using System.Xml.Linq;
using LeadBot.Leads;
using LeadBot.Storage;
using LeadBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace LeadBot.Tests.Intake;

/// <summary>Leads posted in other systems' shapes (HubSpot, Salesforce, a configured mapping) through the real intake.</summary>
public sealed class MappingTests : IDisposable
{
    private static readonly string Samples = Path.Combine(BotProcess.RepositoryRoot(), "tests", "Intake", "Samples");

    private readonly LeadBotApp _app = new(new()
    {
        ["Intake:Mappings:webform:Fields:contact.mail"] = "email",
        ["Intake:Mappings:webform:Fields:contact.org"] = "company.name",
        ["Intake:Mappings:webform:Fields:id"] = "externalId",
        ["Intake:Mappings:webform:Fields:rating"] = "score",
        ["Intake:Mappings:webform:Fields:utm.campaign"] = "campaign",
        ["Intake:Mappings:webform:Fields:segment"] = "company.region",
        ["Intake:Mappings:webform:Fixed:source"] = "webform",
        ["Intake:Mappings:webform:Transforms:email"] = "lowercase",
        ["Intake:Mappings:webform:Transforms:score"] = "number",
    });

    public void Dispose() => _app.Dispose();

    private Task<HttpResponseMessage> PostRaw(string path, string body, string type) =>
        _app.Api().PostAsync(path, new StringContent(body, Encoding.UTF8, type));

    /// <summary>The same person posted natively to a bot of its own: the reference the mapped lead must equal.</summary>
    private static async Task<Lead> Native(Dictionary<string, object?> lead)
    {
        using var app = new LeadBotApp();
        var response = await app.Api().PostJsonAsync("/api/leads", lead);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return app.Store.Find((string)(await response.BodyAsync())["id"]!)!;
    }

    /// <summary>Everything stored (criteria, routing, timestamps, attributes) but the generated id.</summary>
    private static void AssertStoredAlike(Lead expected, Lead actual) =>
        Assert.Equal(StoreJson.Write(expected with { Id = "" }), StoreJson.Write(actual with { Id = "" }));

    [Fact]
    public async Task HubSpotWorkflowWebhook_IsStoredAsIfPostedNatively()
    {
        var response = await PostRaw("/api/leads?mapping=hubspot", File.ReadAllText(Path.Combine(Samples, "hubspot-workflow-contact.json")), "application/json");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = _app.Store.FindByKey("hubspot", "48213")!;
        var native = await Native(new()
        {
            ["source"] = "hubspot", ["externalId"] = "48213", ["email"] = "ingrid.larsen@nordwind-logistics.example",
            ["firstName"] = "Ingrid", ["lastName"] = "Larsen", ["title"] = "Head of Operations", ["phone"] = "+47 22 12 34 56",
            ["company"] = new Dictionary<string, object?> { ["name"] = "Nordwind Logistics AS", ["industry"] = "Logistics", ["employees"] = 500, ["country"] = "NO", ["region"] = "EMEA" },
            ["score"] = 86, ["qualifiedAt"] = "2025-11-28T14:05:00Z", ["attributes"] = new Dictionary<string, object?> { ["hs_analytics_source"] = "PAID_SOCIAL" },
        });
        AssertStoredAlike(native, stored);
        Assert.Equal((LeadState.Offered, "EMEA"), (stored.State, stored.Team));
    }

    [Fact]
    public async Task SalesforceOutboundMessage_IsStoredAsIfPostedNatively_AndAcknowledged()
    {
        var soap = File.ReadAllText(Path.Combine(Samples, "salesforce-outbound-lead.xml"));

        var response = await PostRaw("/api/leads?mapping=salesforce", soap, "text/xml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType!.MediaType);
        XNamespace outbound = "http://soap.sforce.com/2005/09/outbound";
        Assert.Equal("true", XDocument.Parse(await response.Content.ReadAsStringAsync()).Descendants(outbound + "Ack").Single().Value);

        var ingrid = _app.Store.FindByKey("salesforce", "00Q5g00000Ing01EAA")!;
        AssertStoredAlike(await Native(new()
        {
            ["source"] = "salesforce", ["externalId"] = "00Q5g00000Ing01EAA", ["email"] = "ingrid.larsen@nordwind-logistics.example",
            ["firstName"] = "Ingrid", ["lastName"] = "Larsen", ["title"] = "Head of Operations", ["phone"] = "+47 22 12 34 56",
            ["company"] = new Dictionary<string, object?> { ["name"] = "Nordwind Logistics AS", ["industry"] = "Logistics", ["employees"] = 850, ["country"] = "NO", ["region"] = "EMEA" },
            ["score"] = 86, ["attributes"] = new Dictionary<string, object?> { ["leadSource"] = "Webinar" },
        }), ingrid);
        var maeve = _app.Store.FindByKey("salesforce", "00Q5g00000Mae02EAA")!;
        Assert.Equal(("North America", LeadState.Offered), (maeve.Team, maeve.State));

        // Salesforce re-sends a message it saw no acknowledgement for: the repeat is acknowledged and stores nothing twice.
        var again = await PostRaw("/api/leads?mapping=salesforce", soap, "text/xml");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(_app.Store.History(ingrid.Id), e => e.Type == "received");
    }

    [Fact]
    public async Task UnmappablePayload_Answers400NamingTheFieldsAndThePathsTried()
    {
        var response = await PostRaw("/api/leads?mapping=hubspot", """{"subscriptionType":"contact.creation","portalId":62515}""", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.BodyAsync())["errors"]!;
        Assert.Contains("canonical-vid or vid or objectId", (string?)errors["externalId"]![0]);
        Assert.Contains("properties.email.value", (string?)errors["email"]![0]);
    }

    [Fact]
    public async Task SalesforceMapping_GivenSomethingElse_Answers400SayingWhereItLooked()
    {
        var response = await PostRaw("/api/leads?mapping=salesforce", "<hello/>", "text/xml");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Envelope.Body.notifications.Notification", (string?)(await response.BodyAsync())["detail"]);
    }

    [Fact]
    public async Task UnknownMapping_Answers400NamingTheOnesThatExist()
    {
        var response = await _app.Api().PostJsonAsync("/api/leads?mapping=marketo", SampleLeads.Emea());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (string?)(await response.BodyAsync())["detail"];
        Assert.Contains("marketo", detail);
        Assert.Contains("hubspot", detail);
        Assert.Contains("webform", detail);
    }

    [Fact]
    public async Task ConfiguredMapping_AppliesPathsFixedValuesAndTransforms()
    {
        var response = await _app.Api().PostJsonAsync("/api/leads?mapping=webform", new
        {
            id = "wf-77", rating = "91.4", segment = "NA", utm = new { campaign = "Spring Ebook" },
            contact = new { mail = "Maeve@BrightPath.example", org = "BrightPath Health" }, ignored = "not mapped",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var lead = _app.Store.FindByKey("webform", "wf-77")!;
        Assert.Equal(("maeve@brightpath.example", 91, "Spring Ebook", "BrightPath Health", "NA"),
            (lead.Email, lead.Score, lead.Campaign, lead.Company!.Name, lead.Company.Region));
        Assert.Null(lead.Attributes);
    }

    [Fact]
    public void Start_WithAMistakeInAMapping_StopsNamingTheKey()
    {
        using var app = new LeadBotApp(new()
        {
            ["Intake:Mappings:crm:Fields:mail"] = "emial",
            ["Intake:Mappings:crm:Transforms:score"] = "digits",
        });

        var e = app.FailsToStart<OptionsValidationException>();

        Assert.Contains("Intake:Mappings:crm:Fields:mail maps to 'emial'", e.Message);
        Assert.Contains("Intake:Mappings:crm:Transforms:score is 'digits'", e.Message);
    }
}
