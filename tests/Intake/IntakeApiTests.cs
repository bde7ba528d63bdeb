using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Intake;

public sealed class IntakeApiTests : IDisposable
{
    private readonly LeadBotApp _app = new();
    private readonly HttpClient _api;

    public IntakeApiTests() => _api = _app.Api();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task NewLead_IsCreatedQualifiedRoutedAndExplained()
    {
        var response = await _api.PostJsonAsync("/api/leads", SampleLeads.Emea());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.BodyAsync();
        var id = body["id"]!.GetValue<string>();
        Assert.Equal($"/api/leads/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("created", (string?)body["status"]);
        Assert.Equal("offered", (string?)body["state"]);
        Assert.Equal("EMEA", (string?)body["team"]);
        Assert.Equal("routed to EMEA: region = EMEA", (string?)body["routing"]);
        var met = body["criteriaMet"]!.AsArray().Select(n => (string?)n).ToList();
        Assert.Contains("score 86 ≥ 70", met);
        Assert.Contains("industry Logistics is in ICP", met);
        Assert.Contains("850 employees is within 50–20,000", met);
        Assert.Empty(body["criteriaFailed"]!.AsArray());
    }

    [Fact]
    public async Task SameSourceAndExternalId_IsIdempotent_NoSecondLeadNoSecondAnnouncement()
    {
        var first = await (await _api.PostJsonAsync("/api/leads", SampleLeads.Emea())).BodyAsync();
        var again = await _api.PostJsonAsync("/api/leads", SampleLeads.Emea());

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = await again.BodyAsync();
        Assert.Equal((string?)first["id"], (string?)body["id"]);
        Assert.Equal("unchanged", (string?)body["status"]);
        var id = (string)first["id"]!;
        var announcements = _app.Store.TakeDue(LeadBotApp.Start.AddMinutes(1), 100, "test", TimeSpan.FromMinutes(1))
            .Where(m => m.Kind == "announce" && m.LeadId == id);
        Assert.Single(announcements);
    }

    [Fact]
    public async Task OneLeadRequestsArrivingTogether_AreAdmittedAsOneBatch_ARepeatAcrossThemIsOneLead()
    {
        var store = (LeadBot.Storage.LiteDbLeadStore)_app.Store;
        using var held = new ManualResetEventSlim();
        // Something else holds the store's write gate while six one-lead requests arrive (three leads, each sent twice), so
        // they queue together and are admitted as one batch (LiteDbGroupCommitTests shows such callers make one call).
        var holder = Task.Run(() => store.RunTogether(() =>
        {
            held.Set();
            if (!SpinWait.SpinUntil(() => store.QueuedWriters == 6, TimeSpan.FromMinutes(1))) throw new TimeoutException("the six requests never queued");
            return 0;
        }));
        Assert.True(held.Wait(TimeSpan.FromMinutes(1)));
        var posts = Enumerable.Range(0, 6).Select(i => _api.PostJsonAsync("/api/leads", SampleLeads.Emea($"together-{i % 3}"))).ToList();
        await holder;
        var responses = await Task.WhenAll(posts);

        var bodies = await Task.WhenAll(responses.Select(r => r.BodyAsync()));
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(["created", "created", "created", "unchanged", "unchanged", "unchanged"], bodies.Select(b => (string)b["status"]!).Order());
        for (var i = 0; i < 3; i++) Assert.Equal((string?)bodies[i]["id"], (string?)bodies[i + 3]["id"]);
        var announced = _app.Store.TakeDue(LeadBotApp.Start.AddMinutes(1), 100, "test", TimeSpan.FromMinutes(1)).Where(m => m.Kind == "announce").Select(m => m.LeadId);
        Assert.Equal(bodies.Take(3).Select(b => (string?)b["id"]).Order(), announced.Order());
    }

    [Fact]
    public async Task RepeatWithChangedFields_UpdatesTheLeadAndSaysWhatChanged()
    {
        var first = await (await _api.PostJsonAsync("/api/leads", SampleLeads.Emea())).BodyAsync();
        var changed = SampleLeads.Emea();
        changed["title"] = "COO";
        changed["score"] = 92;

        var response = await _api.PostJsonAsync("/api/leads", changed);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal((string?)first["id"], (string?)body["id"]);
        Assert.Equal("updated", (string?)body["status"]);
        Assert.Equal(["title", "score"], body["changed"]!.AsArray().Select(n => (string)n!).ToArray());
        var stored = _app.Store.Find((string)first["id"]!)!;
        Assert.Equal("COO", stored.Title);
        Assert.Contains(_app.Store.History(stored.Id), e => e.Type == "updated" && e.Reason == "changed: title, score");
    }

    [Fact]
    public async Task NurtureLeadThatNowQualifies_IsOfferedOnUpdate()
    {
        var low = SampleLeads.Emea("climber", score: 40);
        var first = await (await _api.PostJsonAsync("/api/leads", low)).BodyAsync();
        Assert.Equal("nurture", (string?)first["state"]);

        var response = await (await _api.PostJsonAsync("/api/leads", SampleLeads.Emea("climber", score: 88))).BodyAsync();

        Assert.Equal("offered", (string?)response["state"]);
        var types = _app.Store.History((string)first["id"]!).Select(e => e.Type).ToList();
        Assert.Equal(["received", "nurture", "updated", "qualified", "offered"], types);
    }

    [Fact]
    public async Task LeadThatFailsQualification_IsNurtureWithReasons_AndNeverAnnounced()
    {
        var response = await _api.PostJsonAsync("/api/leads", SampleLeads.Nurture());

        var body = await response.BodyAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("nurture", (string?)body["state"]);
        Assert.False((bool)body["qualified"]!);
        var failed = body["criteriaFailed"]!.AsArray().Select(n => (string?)n).ToList();
        Assert.Contains("score 35 < 70", failed);
        Assert.Contains("email domain gmail.com is excluded (free mail)", failed);
        Assert.Contains("4 employees is below 50", failed);
        Assert.Empty(_app.Store.TakeDue(LeadBotApp.Start.AddDays(1), 100, "test", TimeSpan.FromMinutes(1)));
        var history = _app.Store.History((string)body["id"]!);
        Assert.Contains(history, e => e.Type == "nurture" && e.Reason!.StartsWith("did not qualify: score 35 < 70", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvalidLead_Answers400ProblemNamingEveryFieldAndWhy()
    {
        var response = await _api.PostRawAsync("/api/leads",
            """{"externalId":"x","email":"not-an-email","score":140,"company":{"employees":"many"},"qualifiedAt":"yesterday","emial":"typo@x.com"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.BodyAsync())["errors"]!.AsObject();
        // "emial" is not an error: unknown fields are kept as attributes and named in the warnings (UnknownFieldsTests).
        Assert.Equal(["company.employees", "email", "qualifiedAt", "score", "source"], errors.Select(e => e.Key).Order().ToArray());
        Assert.Contains("required", (string?)errors["source"]![0]);
        Assert.Contains("not an email address", (string?)errors["email"]![0]);
        Assert.Contains("between 0 and 100", (string?)errors["score"]![0]);
    }

    [Fact]
    public async Task EmailOrPhone_OneIsRequired()
    {
        var noContact = new Dictionary<string, object?> { ["source"] = "web", ["externalId"] = "1" };
        var phoneOnly = new Dictionary<string, object?> { ["source"] = "web", ["externalId"] = "2", ["phone"] = "+1 555 0100", ["score"] = 10 };

        var refused = await _api.PostJsonAsync("/api/leads", noContact);
        var accepted = await _api.PostJsonAsync("/api/leads", phoneOnly);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("unless a phone", (string?)(await refused.BodyAsync())["errors"]!["email"]![0]);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task WrongJsonTypes_AreFieldErrorsNot500()
    {
        var response = await _api.PostRawAsync("/api/leads", """{"source":"web","externalId":"1","email":42}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.BodyAsync())["errors"]!.AsObject().ContainsKey("email"));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("\"a string\"")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task MalformedBodies_Answer400Problem(string body)
    {
        var response = await _api.PostRawAsync("/api/leads", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Batch_KeepsValidItemsAndReportsEachInvalidOne()
    {
        object[] batch = [SampleLeads.Emea("b-1"), new Dictionary<string, object?> { ["source"] = "web" }, SampleLeads.NorthAmerica("b-3"), 17];

        var response = await _api.PostJsonAsync("/api/leads", batch);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal(2, (int)body["created"]!);
        var errors = body["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("[1].externalId"));
        Assert.True(errors.ContainsKey("[3].$"));
        var results = body["results"]!.AsArray();
        Assert.Equal(["created", "invalid", "created", "invalid"], results.Select(r => (string)r!["status"]!).ToArray());
        Assert.NotNull(_app.Store.FindByKey("hubspot", "b-1"));
        Assert.NotNull(_app.Store.FindByKey("marketo", "b-3"));
    }

    [Fact]
    public async Task Batch_AllValid_Answers201WithPerItemResults_AndRepeatsInsideTheBatchAreOneLead()
    {
        object[] batch = [SampleLeads.Emea("dup"), SampleLeads.Emea("dup"), SampleLeads.NorthAmerica("n")];

        var response = await _api.PostJsonAsync("/api/leads", batch);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var results = (await response.BodyAsync())["results"]!.AsArray();
        Assert.Equal(["created", "unchanged", "created"], results.Select(r => (string)r!["status"]!).ToArray());
        Assert.Equal((string?)results[0]!["id"], (string?)results[1]!["id"]);
    }

    [Fact]
    public async Task BatchOver1000_IsRefused()
    {
        var batch = Enumerable.Range(0, 1001).Select(i => SampleLeads.Emea($"big-{i}")).ToArray();

        var response = await _api.PostJsonAsync("/api/leads", batch);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge);
        Assert.Null(_app.Store.FindByKey("hubspot", "big-0"));
    }

    [Fact]
    public async Task BodyOver1MB_Answers413()
    {
        var lead = SampleLeads.Emea();
        lead["notes"] = new string('x', 1024 * 1024);

        var response = await _api.PostJsonAsync("/api/leads", lead);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task OtherContentType_Answers415()
    {
        var response = await _api.PostRawAsync("/api/leads", "<lead/>", "application/xml");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Csv_WithHeaderRow_IsTakenInLikeJson()
    {
        const string csv = """
            source,externalId,email,firstName,lastName,company.name,company.industry,company.employees,company.region,score,campaign,attributes.utm_source
            salesforce,00Q1,f.dubois@atelier.example,Fanny,Dubois,Atelier Finance,Financial Services,640,EMEA,82,Fintech Summit,linkedin
            salesforce,00Q2,not-an-email,Rafael,Gómez,Andes Retail,Retail,1500,LATAM,74,Retail Webinar,
            """;

        var response = await _api.PostRawAsync("/api/leads", csv, "text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal(1, (int)body["created"]!);
        Assert.True(body["errors"]!.AsObject().ContainsKey("[1].email"));
        var stored = _app.Store.FindByKey("salesforce", "00Q1")!;
        Assert.Equal("Atelier Finance", stored.Company!.Name);
        Assert.Equal(640, stored.Company.Employees);
        Assert.Equal("linkedin", stored.Attributes!["utm_source"]);
        Assert.Equal("EMEA", stored.Team);
    }

    [Fact]
    public async Task Csv_WithAnUnnamedColumn_IsRefusedSayingSo()
    {
        var response = await _api.PostRawAsync("/api/leads", "source,,email\nweb,1,a@b.example\n", "text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("needs a name", (string?)(await response.BodyAsync())["detail"]);
    }

    [Fact]
    public async Task MissingOrWrongApiKey_Answers401()
    {
        var anonymous = _app.CreateClient();
        var wrong = _app.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "guess");

        var none = await anonymous.PostJsonAsync("/api/leads", SampleLeads.Emea());
        var bad = await wrong.PostJsonAsync("/api/leads", SampleLeads.Emea());
        var read = await anonymous.GetAsync("/api/leads/L000");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Null(_app.Store.FindByKey("hubspot", "emea-1"));
    }

    [Fact]
    public async Task GetLead_ReturnsTheLeadWithItsFullHistory()
    {
        var id = (string)(await (await _api.PostJsonAsync("/api/leads", SampleLeads.Emea())).BodyAsync())["id"]!;

        var response = await _api.GetAsync($"/api/leads/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal("Ingrid", (string?)body["lead"]!["firstName"]);
        Assert.Equal(["received", "qualified", "offered"], body["events"]!.AsArray().Select(e => (string)e!["type"]!).ToArray());
        Assert.Equal("offered to the EMEA channel", (string?)body["events"]![2]!["details"]![0]);
    }

    [Fact]
    public async Task GetUnknownLead_Answers404Problem()
    {
        var response = await _api.GetAsync("/api/leads/L0NOPE");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
