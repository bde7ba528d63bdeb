using System.Net;
using LeadBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace LeadBot.Tests.Storage.Postgres;

/// <summary>The whole bot with <c>Storage:Provider=PostgreSQL</c>: the same API answers, and an outage answers 503.</summary>
public sealed class PostgresAppTests
{
    private static LeadBotApp App(string connectionString) => new(new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "PostgreSQL",
        ["ConnectionStrings:LeadBot"] = connectionString,
    });

    [Fact]
    public async Task IntakeAndAccept_OnPostgreSQL_WorkAsOnLiteDb()
    {
        using var schema = TestPostgres.NewSchema();
        using var app = App(schema.ConnectionString);
        var api = app.Api();

        var created = await api.PostJsonAsync("/api/leads", SampleLeads.Emea("pg-1"));
        var repeat = await api.PostJsonAsync("/api/leads", SampleLeads.Emea("pg-1"));
        var id = (string)(await created.BodyAsync())["id"]!;
        var accepted = await api.PostJsonAsync($"/api/leads/{id}/accept", new { rep = SampleLeads.EmeaRep });
        var late = await api.PostJsonAsync($"/api/leads/{id}/accept", new { rep = SampleLeads.EmeaRep2 });
        var lead = await (await api.GetAsync($"/api/leads/{id}")).BodyAsync();
        var health = await api.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(("unchanged", id), ((string?)(await repeat.BodyAsync())["status"], (string?)(await repeat.BodyAsync())["id"]));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("Anna Schmidt already accepted", (string?)(await late.BodyAsync())["detail"]);
        Assert.Equal("accepted", (string?)lead["lead"]!["state"]);
        Assert.Equal(["received", "qualified", "offered", "accepted"], lead["events"]!.AsArray().Select(e => (string?)e!["type"]));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(LeadBot.Storage.Postgres.PostgresSchema.Latest, (int?)(await health.BodyAsync())["schemaVersion"]);
    }

    [Fact]
    public async Task Healthz_WhilePostgreSQLIsDown_Answers503AndSaysWhy()
    {
        using var app = App(PostgresOutageTests.UnreachableConnectionString());

        var response = await app.Api().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal("unhealthy", (string?)body["status"]);
        Assert.StartsWith("PostgreSQL: ", (string?)body["store"]);
    }

    [Fact]
    public async Task Intake_WhilePostgreSQLIsDown_Answers503ProblemRatherThanPretending()
    {
        using var app = App(PostgresOutageTests.UnreachableConnectionString());

        var response = await app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("Store unavailable", (string?)(await response.BodyAsync())["title"]);
    }

    [Theory]
    [InlineData("Oracle", "Host=127.0.0.1", "Storage:Provider must be LiteDB or PostgreSQL.")]
    [InlineData("PostgreSQL", "Filename=leadbot.db", "needs an Npgsql connection string")]
    public void Start_WithAStoreConfigurationThatCannotWork_FailsAndSaysWhy(string provider, string connectionString, string message)
    {
        using var misconfigured = new LeadBotApp(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider, ["ConnectionStrings:LeadBot"] = connectionString,
        });

        var e = misconfigured.FailsToStart<OptionsValidationException>();

        Assert.Contains(message, e.Message);
    }
}
