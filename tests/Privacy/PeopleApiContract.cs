using System.Net;
using System.Text.Json;
using LeadBot.Cards;
using LeadBot.Channels;
using LeadBot.Channels.Slack;
using LeadBot.Channels.Teams;
using LeadBot.Insights;
using LeadBot.Leads;
using LeadBot.Storage;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Privacy;

/// <summary>
/// Erasure and export through the real bot on each store (a subclass per store): after an erase, no surface returns a
/// value of the person, and every count stays the same.
/// </summary>
public abstract class PeopleApiContract : IDisposable
{
    private const string Email = "ingrid-1@nordwind.example";
    private static readonly string[] Values = [Email, "Ingrid", "Larsen", "22 12 34 56", "Nordwind Logistics", "Head of Operations", "nordwind.example"];

    private readonly Lazy<LeadBotApp> _app;

    protected PeopleApiContract() => _app = new(() => new LeadBotApp(Settings()));

    /// <summary>The store the bot runs on.</summary>
    protected abstract Dictionary<string, string?> Settings();

    protected LeadBotApp App => _app.Value;

    public virtual void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Two leads of Ingrid (one rejected with a comment naming her, one accepted and contacted), one of Maeve, cards posted on both platforms.</summary>
    private async Task<(string Rejected, string Worked, string Other)> SeedAsync(HttpClient api)
    {
        var first = (string)(await (await api.PostJsonAsync("/api/leads", SampleLeads.Emea("ingrid-1"))).BodyAsync())["id"]!;
        var second = SampleLeads.Emea("ingrid-2");
        second["email"] = Email;
        var worked = (string)(await (await api.PostJsonAsync("/api/leads", second)).BodyAsync())["id"]!;
        var other = (string)(await (await api.PostJsonAsync("/api/leads", SampleLeads.NorthAmerica())).BodyAsync())["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync($"/api/leads/{first}/reject",
            new { rep = SampleLeads.EmeaRep, reason = "other", comment = "Ingrid Larsen wants a call in 2027, not now" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync($"/api/leads/{worked}/accept", new { rep = SampleLeads.EmeaRep2 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync($"/api/leads/{worked}/outcome",
            new { outcome = "contacted", rep = SampleLeads.EmeaRep2, comment = "Good first call" })).StatusCode);
        var deliveries = App.Get<Deliveries>();
        deliveries.Record(new PostedCard(first, "teams", "19:emea@thread.tacv2", "1718035300001", "announce", LeadBotApp.Start));
        deliveries.Record(new PostedCard(first, "slack", "C07MARKETING", "1718035300.000200", "rejected", LeadBotApp.Start));
        deliveries.Record(new PostedCard(worked, "slack", "D07LUCA", "1718035300.000300", "claimed", LeadBotApp.Start));
        return (first, worked, other);
    }

    /// <summary>What reports say, with every personal value blanked: the same before and after an erasure.</summary>
    private (IReadOnlyList<CounterTotal> Counts, string Leads, string Feedback) Reports(HttpClient api)
    {
        var period = Period.Parse("today", App.Clock.GetUtcNow())!;
        var pipeline = App.Get<PipelineReport>().Build(null, period);
        var feedback = App.Get<FeedbackReport>().Build(null, period);
        return (App.Store.CounterTotals(LeadBotApp.Start.AddDays(-1), LeadBotApp.Start.AddDays(1)).OrderBy(c => (c.Team, c.Source, c.Metric)).ToList(),
            JsonSerializer.Serialize(pipeline.Stages) + JsonSerializer.Serialize(pipeline.Waiting?.Count),
            JsonSerializer.Serialize(feedback.Rows));
    }

    private async Task<string> EverySurfaceAsync(HttpClient api, params string[] ids)
    {
        var period = Period.Parse("today", App.Clock.GetUtcNow())!;
        var texts = new List<string>
        {
            await api.GetStringAsync("/api/reports/leads.csv?period=today"),
            await api.GetStringAsync("/api/reports/feedback.csv?period=today"),
            JsonSerializer.Serialize(App.Get<PipelineReport>().Build(null, period)),
            JsonSerializer.Serialize(App.Get<FeedbackReport>().Build(null, period)),
            (await api.GetAsync("/api/people?email=" + Email)).StatusCode.ToString(),
        };
        var views = App.Get<CardViews>();
        foreach (var id in ids)
        {
            texts.Add(await api.GetStringAsync($"/api/leads/{id}"));
            var lead = App.Store.Find(id)!;
            texts.Add(TeamsMessages.Card(views.ForChannel(lead)).ToJsonString());
            texts.Add(TeamsMessages.Card(views.ForOwner(lead), forOwner: true).ToJsonString());
            texts.Add(SlackRender.Card(views.ForChannel(lead)).ToPayload().ToJsonString());
            texts.Add(SlackRender.Card(views.ForOwner(lead), forOwner: true).ToPayload().ToJsonString());
        }
        return string.Join("\n", texts);
    }

    [Fact]
    public async Task Erase_ByEmail_LeavesNoPersonalValueOnAnySurface_AndReportsCountTheSame()
    {
        var api = App.Api();
        var (rejected, worked, other) = await SeedAsync(api);
        var before = Reports(api);
        var export = await api.GetStringAsync("/api/people?email=" + Uri.EscapeDataString("  INGRID-1@Nordwind.example"));
        Assert.Contains("Ingrid Larsen wants a call", export, StringComparison.Ordinal); // the export holds everything…
        Assert.Equal(2, JsonDocument.Parse(export).RootElement.GetProperty("leads").GetArrayLength());

        var response = await api.PostJsonAsync("/api/people/erase", new { email = Email });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.BodyAsync();
        Assert.Equal(new[] { rejected, worked }.Order(StringComparer.Ordinal), answer["erased"]!.AsArray().Select(n => (string)n!).Order(StringComparer.Ordinal));
        Assert.Equal(3, (int)answer["cardsQueued"]!);
        Assert.True((int)answer["events"]! >= 7);
        Assert.True((int)answer["messagesDropped"]! >= 3); // announcements, marketing's rejection notice, the claim DM
        var surfaces = await EverySurfaceAsync(api, rejected, worked);
        foreach (var value in Values) Assert.DoesNotContain(value, surfaces, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("NotFound", surfaces, StringComparison.Ordinal);
        Assert.Equal(before.Counts, Reports(api).Counts);
        Assert.Equal(before.Leads, Reports(api).Leads);
        Assert.Equal(before.Feedback, Reports(api).Feedback);
        // The card update is queued for each lead: every posted card turns into the erased view through the normal path.
        var due = App.Store.TakeDue(App.Clock.GetUtcNow().AddDays(1), 1000, "check", TimeSpan.FromSeconds(1));
        Assert.Contains(due, m => m.Id == $"card-update:{rejected}");
        Assert.Contains(due, m => m.Id == $"card-update:{worked}");
        Assert.IsType<ErasedView>(App.Get<CardViews>().ForOwner(App.Store.Find(worked)!));
        var outbox = JsonSerializer.Serialize(due);
        foreach (var value in Values) Assert.DoesNotContain(value, outbox, StringComparison.OrdinalIgnoreCase);
        // Maeve is untouched.
        Assert.Contains("brightpath.example", await api.GetStringAsync($"/api/leads/{other}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErasedLead_IsFrozen_AndTheSamePersonLaterIsANewLead()
    {
        var api = App.Api();
        var (rejected, worked, _) = await SeedAsync(api);
        await api.PostJsonAsync("/api/people/erase", new { source = "hubspot", externalId = "ingrid-2" });

        var step = await api.PostJsonAsync($"/api/leads/{worked}/outcome", new { outcome = "won", rep = SampleLeads.EmeaRep2 });
        Assert.Equal(HttpStatusCode.Conflict, step.StatusCode);
        Assert.Contains("erased", (string)(await step.BodyAsync())["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostJsonAsync($"/api/leads/{rejected}/accept", new { rep = SampleLeads.EmeaRep2 })).StatusCode);

        var again = await api.PostJsonAsync("/api/leads", SampleLeads.Emea("ingrid-1"));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var newId = (string)(await again.BodyAsync())["id"]!;
        Assert.NotEqual(rejected, newId);
        Assert.Equal(HttpStatusCode.Created, (await api.PostJsonAsync("/api/leads", SampleLeads.Emea("ingrid-2"))).StatusCode);
        Assert.Null(App.Store.Find(rejected)!.Email);
        var export = JsonDocument.Parse(await api.GetStringAsync("/api/people?email=" + Email)).RootElement.GetProperty("leads");
        Assert.Equal(1, export.GetArrayLength()); // the new lead, not the erased ones
    }

    [Fact]
    public async Task Erase_WritesAnAuditEntryWithoutPersonalData()
    {
        var api = App.Api();
        await SeedAsync(api);
        await api.PostJsonAsync("/api/people/erase", new { email = Email });

        var audit = await api.GetStringAsync("/api/people/erasures");
        var entry = JsonDocument.Parse(audit).RootElement.EnumerateArray().Single();
        Assert.Equal(2, entry.GetProperty("leads").GetInt32());
        Assert.StartsWith("api key ", entry.GetProperty("by").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(LeadBotApp.ApiKey, audit, StringComparison.Ordinal);
        foreach (var value in Values) Assert.DoesNotContain(value, audit, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("erased", App.Store.History(App.Store.FindLeads(new LeadQuery()).First(l => l.ErasedAt is not null).Id)[^1].Type);
    }

    public static TheoryData<string?, string, string, HttpStatusCode> HostileRequests() => new()
    {
        { null, "application/json", "{\"email\":\"" + Email + "\"}", HttpStatusCode.Unauthorized },
        { "wrong-key", "application/json", "{\"email\":\"" + Email + "\"}", HttpStatusCode.Unauthorized },
        { LeadBotApp.ApiKey, "application/json", "{\"email\":", HttpStatusCode.BadRequest },
        { LeadBotApp.ApiKey, "application/json", "[1,2]", HttpStatusCode.BadRequest },
        { LeadBotApp.ApiKey, "application/json", "{}", HttpStatusCode.BadRequest },
        { LeadBotApp.ApiKey, "application/json", "{\"email\":\"" + Email + "\",\"source\":\"hubspot\",\"externalId\":\"ingrid-1\"}", HttpStatusCode.BadRequest },
        { LeadBotApp.ApiKey, "application/json", "{\"source\":\"hubspot\"}", HttpStatusCode.BadRequest },
        { LeadBotApp.ApiKey, "application/json", "{\"email\":\"not an email\"}", HttpStatusCode.BadRequest },
        { LeadBotApp.ApiKey, "application/json", "{\"email\":\"nobody@nordwind.example\"}", HttpStatusCode.NotFound },
        { LeadBotApp.ApiKey, "application/json", "{\"source\":\"hubspot\",\"externalId\":\"nobody\"}", HttpStatusCode.NotFound },
        { LeadBotApp.ApiKey, "text/plain", "{\"email\":\"" + Email + "\"}", HttpStatusCode.UnsupportedMediaType },
    };

    [Theory, MemberData(nameof(HostileRequests))]
    public async Task HostileErase_GetsAClearProblem_AndChangesNothing(string? key, string contentType, string body, HttpStatusCode expected)
    {
        var api = App.Api();
        var (rejected, worked, _) = await SeedAsync(api);
        var before = await EverySurfaceAsync(api, rejected, worked);
        var client = App.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);

        var response = await client.PostRawAsync("/api/people/erase", body, contentType);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace((string?)(await response.BodyAsync())["detail"]));
        Assert.Equal(before, await EverySurfaceAsync(api, rejected, worked));
        Assert.Empty(JsonDocument.Parse(await api.GetStringAsync("/api/people/erasures")).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task KeyWithoutTheAdminScope_IsRefused_AndChangesNothing()
    {
        using var app = new LeadBotApp(new(Settings())
        {
            ["Intake:ApiKeys:1:Key"] = "marketing-key",
            ["Intake:ApiKeys:1:Scopes:0"] = "intake",
            ["Intake:ApiKeys:1:Scopes:1"] = "reports",
        });
        var id = (string)(await (await app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea("ingrid-1"))).BodyAsync())["id"]!;
        var marketing = app.CreateClient();
        marketing.DefaultRequestHeaders.Add("X-Api-Key", "marketing-key");

        var erase = await marketing.PostJsonAsync("/api/people/erase", new { email = Email });
        var export = await marketing.GetAsync("/api/people?email=" + Email);

        Assert.Equal(HttpStatusCode.Forbidden, erase.StatusCode);
        Assert.Contains("'admin' scope", (string)(await erase.BodyAsync())["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        Assert.Equal(Email, app.Store.Find(id)!.Email);
    }

    [Fact]
    public async Task Export_AnswersBadRequestAndNotFoundClearly_AndNeedsAKey()
    {
        var api = App.Api();
        await SeedAsync(api);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/people")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/people?email=nobody@nordwind.example")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/people?email=" + Email)).StatusCode);
        var byKey = JsonDocument.Parse(await api.GetStringAsync("/api/people?source=hubspot&externalId=ingrid-2")).RootElement;
        Assert.Equal(2, byKey.GetProperty("leads").GetArrayLength()); // the key's lead, and the person's other lead by email
        Assert.True(byKey.GetProperty("leads")[0].GetProperty("events").GetArrayLength() >= 3);
    }
}
