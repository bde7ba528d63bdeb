using System.Net;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_Answers200WithTheStoreReachable()
    {
        using var app = new LeadBotApp();

        var response = await app.Api().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal("reachable", (string?)body["store"]);
        Assert.True((int)body["schemaVersion"]! >= 1);
    }

    [Fact]
    public async Task Healthz_Answers503WhenTheStoreCannotBeOpened()
    {
        using var app = new LeadBotApp();
        var client = app.CreateClient();
        BreakStore(app);

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", (string?)(await response.BodyAsync())["status"]);
    }

    [Fact]
    public async Task Intake_Answers503NotA500_WhenTheStoreIsGone()
    {
        using var app = new LeadBotApp();
        var api = app.Api();
        BreakStore(app);

        var response = await api.PostJsonAsync("/api/leads", SampleLeads.Emea());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Healthz_ListsRepsNotYetMatchedInChat_AsInformation_NotAsAWarning()
    {
        using var app = new LeadBotApp();

        var body = await (await app.Api().GetAsync("/healthz")).BodyAsync();

        // A fresh start of the example: nobody has talked to the bot yet, which is how reps get matched. Nothing to act on.
        Assert.Equal("healthy", (string?)body["status"]);
        Assert.Empty(body["warnings"]!.AsArray());
        var information = body["information"]!.AsArray().Select(w => (string?)w).ToList();
        Assert.Contains(information, w => w!.Contains("anna.schmidt@contoso.com", StringComparison.Ordinal) && w.Contains("no Teams or Slack id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Healthz_WithNoTeamConfigured_IsDegraded_AndSaysWhatToSet()
    {
        using var app = new LeadBotApp(exampleTeams: false);

        var response = await app.Api().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal("degraded", (string?)body["status"]);
        var warning = Assert.Single(body["warnings"]!.AsArray());
        Assert.Contains("set Routing:Teams", (string?)warning, StringComparison.Ordinal);
        Assert.Contains("Routing:Fallback", (string?)warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Intake_WithNoTeamConfigured_Answers503AndKeepsNothing()
    {
        using var app = new LeadBotApp(exampleTeams: false);

        var lead = SampleLeads.Emea();

        var response = await app.Api().PostJsonAsync("/api/leads", lead);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Routing:Teams", (string?)(await response.BodyAsync())["detail"], StringComparison.Ordinal);
        Assert.Null(app.Store.FindByKey((string)lead["source"]!, (string)lead["externalId"]!));
    }

    /// <summary>
    /// Replaces the database file by a directory, so every later open of it fails. Background services may reopen
    /// (and so recreate) the shared-mode file between the delete and the create: try again until the directory stands.
    /// </summary>
    internal static void BreakStore(LeadBotApp app)
    {
        app.Store.Probe();
        var file = Path.Combine(app.Folder, "leadbot.db");
        Assert.True(SpinWait.SpinUntil(() =>
        {
            try
            {
                if (File.Exists(file)) File.Delete(file);
                Directory.CreateDirectory(file);
                return Directory.Exists(file);
            }
            catch (IOException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(5)), "could not replace the store file by a directory");
    }
}
