using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Agreement;

/// <summary>The loop's opening, through the real API: marketing sends Retail leads, EMEA rejects them as the wrong industry.</summary>
public static class AgreementScenario
{
    public const string Manager = SampleLeads.EmeaManager;
    public const string Marketer = "mia.marketing@contoso.com";
    public const string Marketer2 = "leo.demandgen@contoso.com";
    public const string OtherManager = "grace.manager@contoso.com";

    public static Dictionary<string, object?> Retail(string externalId)
    {
        var lead = SampleLeads.Emea(externalId);
        lead["company"] = new Dictionary<string, object?> { ["name"] = $"Shop {externalId}", ["industry"] = "Retail", ["employees"] = 400, ["country"] = "DE", ["region"] = "EMEA" };
        return lead;
    }

    /// <summary>Posts <paramref name="count"/> Retail leads as one batch and has Anna reject each as the wrong industry; returns their ids.</summary>
    public static async Task<IReadOnlyList<string>> RetailRejected(HttpClient api, int count = 20, string prefix = "retail")
    {
        var batch = await api.PostJsonAsync("/api/leads", Enumerable.Range(1, count).Select(i => Retail($"{prefix}-{i}")).ToArray());
        Assert.Equal(HttpStatusCode.Created, batch.StatusCode);
        var ids = (await batch.BodyAsync())["results"]!.AsArray().Select(r => (string)r!["id"]!).ToList();
        foreach (var id in ids)
        {
            var rejected = await api.PostJsonAsync($"/api/leads/{id}/reject", new { rep = SampleLeads.EmeaRep, reason = "not-icp:wrong-industry", comment = "We do not sell to shops." });
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        }
        return ids;
    }

    /// <summary>Logistics leads Anna accepts: the evidence that keeps Logistics in the criteria.</summary>
    public static async Task LogisticsAccepted(HttpClient api, int count, string prefix = "logistics")
    {
        var batch = await (await api.PostJsonAsync("/api/leads", Enumerable.Range(1, count).Select(i => SampleLeads.Emea($"{prefix}-{i}")).ToArray())).BodyAsync();
        foreach (var r in batch["results"]!.AsArray())
            Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync($"/api/leads/{r!["id"]}/accept", new { rep = SampleLeads.EmeaRep })).StatusCode);
    }

    public static async Task<JsonNode> Post(HttpClient api, string url, object body, HttpStatusCode expected)
    {
        var response = await api.PostJsonAsync(url, body);
        var json = await response.BodyAsync();
        Assert.True(response.StatusCode == expected, $"{url}: expected {expected}, got {(int)response.StatusCode} {json.ToJsonString()}");
        return json;
    }

    /// <summary>
    /// The whole loop of issue #21 through HTTP: review → proposal → manager approves (pending) → marketer approves
    /// (applied, v2) → a new Retail lead is not qualified, naming the criterion and version 2.
    /// </summary>
    public static async Task WholeLoop(LeadBotApp app)
    {
        var api = app.Api();
        await RetailRejected(api);
        await LogisticsAccepted(api, 3);

        var review = await (await api.GetAsync("/api/criteria/review?period=week")).BodyAsync();
        var proposed = review["proposals"]!.AsArray().Single()!;
        Assert.Equal("remove Retail from industries", (string?)proposed["change"]);
        Assert.Equal((20, 0), ((int)proposed["figures"]!["wouldNotQualify"]!, (int)proposed["figures"]!["won"]!));
        Assert.Equal(20, (int)proposed["figures"]!["rejected"]!["not-icp:wrong-industry"]!);
        Assert.StartsWith("20 leads in this week would not have qualified: 20 rejected as not our ideal customer: wrong industry", (string?)proposed["effect"]);
        Assert.Null(proposed["warning"]);

        var proposal = await Post(api, "/api/criteria/proposals", new { change = (string)proposed["change"]!, by = Manager }, HttpStatusCode.Created);
        var id = (string)proposal["id"]!;
        Assert.Equal("pending", (string?)proposal["status"]);

        var afterManager = await Post(api, $"/api/criteria/proposals/{id}/approve", new { by = Manager, comment = "Retail never buys." }, HttpStatusCode.OK);
        Assert.Equal(("pending", null), ((string?)afterManager["status"], (int?)afterManager["version"]));
        Assert.Equal("a marketer's approval", (string?)afterManager["waiting"]);
        Assert.Equal(1, (int)(await (await api.GetAsync("/api/criteria")).BodyAsync())["version"]!);

        var applied = await Post(api, $"/api/criteria/proposals/{id}/approve", new { by = Marketer }, HttpStatusCode.OK);
        Assert.Equal(("applied", 2), ((string?)applied["status"], (int?)applied["version"]));

        var lead = await Post(api, "/api/leads", Retail("retail-after"), HttpStatusCode.Created);
        Assert.False((bool)lead["qualified"]!);
        Assert.Equal(2, (int)lead["agreement"]!);
        Assert.Contains(lead["criteriaFailed"]!.AsArray(), f => ((string)f!).StartsWith("industry Retail is not in ICP", StringComparison.Ordinal));
        var history = await (await api.GetAsync($"/api/leads/{lead["id"]}")).BodyAsync();
        Assert.Contains(history["events"]!.AsArray(), e => (string?)e!["type"] == "nurture"
            && ((string)e["reason"]!).Contains("industry Retail is not in ICP", StringComparison.Ordinal) && ((string)e["reason"]!).EndsWith("(agreement v2)", StringComparison.Ordinal));

        var criteria = await (await api.GetAsync("/api/criteria")).BodyAsync();
        Assert.Equal(2, (int)criteria["version"]!);
        Assert.DoesNotContain("Retail", criteria["rules"]!["industries"]!.AsArray().Select(i => (string?)i));
        Assert.Equal([Manager, Marketer], criteria["approvedBy"]!.AsArray().Select(a => (string?)a));
        Assert.Equal([1, 2], criteria["history"]!.AsArray().Select(h => (int)h!["version"]!));
        Assert.Equal(id, (string?)criteria["history"]![1]!["proposalId"]);
    }
}
