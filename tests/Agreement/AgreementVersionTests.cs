using System.Net;
using LeadBot.Agreement;
using LeadBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadBot.Tests.Agreement;

/// <summary>The agreement in the store: version 1 from configuration, then only through proposals; each lead knows its version.</summary>
public sealed class AgreementVersionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-agreement-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private LeadBotApp App(CapturedLogs? logs = null, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["ConnectionStrings:LeadBot"] = $"Filename={Path.Combine(_folder, "leadbot.db")};Connection=shared" };
        foreach (var (k, v) in settings) all[k] = v;
        return new LeadBotApp(all, s => { if (logs is not null) s.AddSingleton<ILoggerProvider>(logs); });
    }

    [Fact]
    public async Task Criteria_AtFirstStart_AreVersion1SeededFromConfiguration()
    {
        using var app = App(settings: [("Agreement:LeadsPerMonth:EMEA", "40"), ("Routing:Teams:1:Sla:ClaimWithin", "00:10:00")]);

        var body = await (await app.Api().GetAsync("/api/criteria")).BodyAsync();

        Assert.Equal(1, (int)body["version"]!);
        Assert.Equal(70, (int)body["rules"]!["minScore"]!);
        Assert.Contains("Retail", body["rules"]!["industries"]!.AsArray().Select(i => (string?)i));
        Assert.Equal([50, 20000], new[] { (int)body["rules"]!["minEmployees"]!, (int)body["rules"]!["maxEmployees"]! });
        Assert.Contains("gmail.com", body["rules"]!["excludedEmailDomains"]!.AsArray().Select(i => (string?)i));
        var emea = body["commitments"]!.AsArray().Single(t => (string?)t!["team"] == "EMEA")!;
        Assert.Equal(("00:10:00", "1.00:00:00", 40), ((string?)emea["claimWithin"], (string?)emea["firstTouchWithin"], (int?)emea["leadsPerMonth"]));
        var enterprise = body["commitments"]!.AsArray().Single(t => (string?)t!["team"] == "Enterprise")!;
        Assert.Equal("00:05:00", (string?)enterprise["claimWithin"]);
        Assert.Null(enterprise["leadsPerMonth"]);
        Assert.Empty(body["approvedBy"]!.AsArray());
        Assert.Equal(LeadBotApp.Start, (DateTimeOffset)body["approvedAt"]!);
        Assert.Equal([1], body["history"]!.AsArray().Select(h => (int)h!["version"]!));
    }

    [Fact]
    public async Task Lead_RecordsTheAgreementVersionThatQualifiedIt_InTheAnswerTheLeadAndItsHistory()
    {
        using var app = App();
        var api = app.Api();

        var created = await (await api.PostJsonAsync("/api/leads", SampleLeads.Emea("v-1"))).BodyAsync();
        var nurtured = await (await api.PostJsonAsync("/api/leads", SampleLeads.Nurture("v-2"))).BodyAsync();
        var lead = await (await api.GetAsync($"/api/leads/{created["id"]}")).BodyAsync();
        var nurture = await (await api.GetAsync($"/api/leads/{nurtured["id"]}")).BodyAsync();

        Assert.Equal((true, 1), ((bool)created["qualified"]!, (int)created["agreement"]!));
        Assert.Equal((false, 1), ((bool)nurtured["qualified"]!, (int)nurtured["agreement"]!));
        Assert.Equal(1, (int)lead["lead"]!["agreementVersion"]!);
        var qualified = lead["events"]!.AsArray().Single(e => (string?)e!["type"] == "qualified")!;
        Assert.EndsWith("(agreement v1)", (string?)qualified["reason"]);
        Assert.Contains("agreement v1", qualified["details"]!.AsArray().Select(d => (string?)d));
        var notQualified = nurture["events"]!.AsArray().Single(e => (string?)e!["type"] == "nurture")!;
        Assert.StartsWith("did not qualify: score 35 < 70", (string?)notQualified["reason"]);
        Assert.EndsWith("(agreement v1)", (string?)notQualified["reason"]);
    }

    [Fact]
    public async Task ConfigurationChangedAfterwards_IsLoggedAsAWarning_AndNotApplied()
    {
        using (var first = App())
        {
            Assert.Equal(HttpStatusCode.OK, (await first.Api().GetAsync("/api/criteria")).StatusCode);
        }
        var logs = new CapturedLogs();
        using var later = App(logs, ("Qualification:MinScore", "90"), ("Sla:ClaimWithin", "00:15:00"));
        var api = later.Api();

        var criteria = await (await api.GetAsync("/api/criteria")).BodyAsync();
        var lead = await (await api.PostJsonAsync("/api/leads", SampleLeads.Emea("drift-1", score: 80))).BodyAsync();

        Assert.Equal((1, 70), ((int)criteria["version"]!, (int)criteria["rules"]!["minScore"]!));
        Assert.Equal("00:05:00", (string?)criteria["commitments"]![0]!["claimWithin"]);
        Assert.True((bool)lead["qualified"]!, "a score of 80 still meets the agreed 70");
        var warnings = logs.At(LogLevel.Warning).ToList();
        Assert.Contains(warnings, w => w.Contains("Qualification differs from the criteria of agreement v1", StringComparison.Ordinal) && w.Contains("Not applied", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("service levels or LeadsPerMonth of EMEA differ", StringComparison.Ordinal));
    }

    [Fact]
    public void UnchangedConfiguration_WarnsOfNothing()
    {
        var logs = new CapturedLogs();
        using var app = App(logs);

        Assert.Equal(1, app.Get<Agreements>().Current.Version);
        Assert.Empty(app.Get<Agreements>().Drift());
        Assert.DoesNotContain(logs.At(LogLevel.Warning), w => w.Contains("agreement", StringComparison.OrdinalIgnoreCase));
    }
}
