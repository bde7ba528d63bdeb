using System.Net;
using System.Text;
using LeadBot.Access;
using LeadBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadBot.Tests.Access;

/// <summary>Scoped API keys: each key is refused outside its scopes (403), a plain-string key keeps every scope.</summary>
public sealed class ScopedKeyTests : IDisposable
{
    private const string IntakeOnly = "marketing-system-key", Reader = "bi-tool-key", Crm = "crm-key", Admin = "ops-key", Everything = "old-plain-key";

    private readonly LeadBotApp _app = new(new()
    {
        ["Intake:ApiKeys:0"] = Everything,
        ["Intake:ApiKeys:1:Key"] = IntakeOnly,
        ["Intake:ApiKeys:1:Scopes:0"] = "intake",
        ["Intake:ApiKeys:2:Key"] = Reader,
        ["Intake:ApiKeys:2:Scopes:0"] = "reports",
        // The comma-separated form is the convenient one in an environment variable.
        ["Intake:ApiKeys:3:Key"] = Crm,
        ["Intake:ApiKeys:3:Scopes"] = "lifecycle, reports",
        ["Intake:ApiKeys:4:Key"] = Admin,
        ["Intake:ApiKeys:4:Scopes:0"] = "Admin",
    });

    public void Dispose() => _app.Dispose();

    public static TheoryData<string, string, string> Endpoints => new()
    {
        { ApiScopes.Intake, "POST", "/api/leads" },
        { ApiScopes.Reports, "GET", "/api/leads/{id}" },
        { ApiScopes.Reports, "GET", "/api/reports/leads.csv" },
        { ApiScopes.Reports, "GET", "/api/reports/feedback.csv" },
        { ApiScopes.Lifecycle, "POST", "/api/leads/{id}/accept" },
        { ApiScopes.Lifecycle, "POST", "/api/leads/{id}/reject" },
        { ApiScopes.Lifecycle, "POST", "/api/leads/{id}/outcome" },
        { ApiScopes.Lifecycle, "POST", "/api/leads/hubspot/emea-9/outcome" },
        { ApiScopes.Admin, "GET", "/api/outbox/failed" },
        { ApiScopes.Admin, "POST", "/api/outbox/retry" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task EveryKey_IsRefusedOutsideItsScopes_AndLetInWithin(string scope, string method, string path)
    {
        var id = await CreateLeadAsync();
        var keys = new Dictionary<string, string[]>
        {
            [IntakeOnly] = [ApiScopes.Intake], [Reader] = [ApiScopes.Reports], [Crm] = [ApiScopes.Lifecycle, ApiScopes.Reports],
            [Admin] = [ApiScopes.Admin], [Everything] = [.. ApiScopes.All],
        };
        foreach (var (key, scopes) in keys)
        {
            var response = await SendAsync(key, method, path.Replace("{id}", id, StringComparison.Ordinal));
            if (scopes.Contains(scope))
            {
                // Let in: whatever the step itself answers (an outcome for a lead nobody accepted is the domain's 403), it is not the key's refusal.
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode != HttpStatusCode.Unauthorized && !text.Contains("scope", StringComparison.Ordinal), $"{key} on {method} {path}: {response.StatusCode} {text}");
            }
            else
            {
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
                Assert.Contains($"'{scope}' scope", (string?)(await response.BodyAsync())["detail"], StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task IntakeKey_CannotTakeALead_NorReadItBack()
    {
        var id = await CreateLeadAsync();

        var accept = await SendAsync(IntakeOnly, "POST", $"/api/leads/{id}/accept", """{"rep":"anna.schmidt@contoso.com"}""");
        var read = await SendAsync(IntakeOnly, "GET", $"/api/leads/{id}");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (accept.StatusCode, read.StatusCode));
        Assert.Null(_app.Store.Find(id)!.Owner);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task MissingOrUnknownKey_Is401(string? key)
    {
        var response = await SendAsync(key, "GET", "/api/outbox/failed");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void BothShapes_BindFromJson()
    {
        var json = """{ "Intake": { "ApiKeys": [ "plain", { "Key": "scoped", "Scopes": [ "intake", "reports" ] } ] } }""";
        var options = Read(new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build());

        Assert.Empty(options.Problems);
        Assert.Equal(ApiScopes.All.Order(), options.Keys.Single(k => k.Key == "plain").Scopes.Order());
        Assert.Equal(["intake", "reports"], options.Keys.Single(k => k.Key == "scoped").Scopes.Order());
    }

    [Fact]
    public void BothShapes_BindFromEnvironmentVariables()
    {
        var prefix = "LEADBOT_TEST_" + Guid.NewGuid().ToString("N") + "_";
        Environment.SetEnvironmentVariable(prefix + "Intake__ApiKeys__0", "plain");
        Environment.SetEnvironmentVariable(prefix + "Intake__ApiKeys__1__Key", "scoped");
        Environment.SetEnvironmentVariable(prefix + "Intake__ApiKeys__1__Scopes__0", "admin");
        try
        {
            var options = Read(new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build());

            Assert.Empty(options.Problems);
            Assert.Equal(4, options.Keys.Single(k => k.Key == "plain").Scopes.Count);
            Assert.Equal(["admin"], options.Keys.Single(k => k.Key == "scoped").Scopes);
        }
        finally
        {
            foreach (var name in new[] { "Intake__ApiKeys__0", "Intake__ApiKeys__1__Key", "Intake__ApiKeys__1__Scopes__0" })
                Environment.SetEnvironmentVariable(prefix + name, null);
        }
    }

    [Theory]
    [InlineData("Intake:ApiKeys:0:Scopes:0", "intake", "Intake:ApiKeys:0 has no Key")]
    [InlineData("Intake:ApiKeys:0:Key", "k", "Intake:ApiKeys:0 lists no Scopes")]
    public void AnIncompleteEntry_StopsTheStart_NamingIt(string setting, string value, string message)
    {
        using var app = new LeadBotApp(new() { ["Intake:ApiKeys:0"] = null, [setting] = value });
        var error = app.FailsToStart<OptionsValidationException>();
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownScope_StopsTheStart_ListingTheRealOnes()
    {
        using var app = new LeadBotApp(new() { ["Intake:ApiKeys:0"] = null, ["Intake:ApiKeys:0:Key"] = "k", ["Intake:ApiKeys:0:Scopes:0"] = "report" });
        var error = app.FailsToStart<OptionsValidationException>();
        Assert.Contains("'report', which is not a scope; use intake, reports, lifecycle, admin", error.Message, StringComparison.Ordinal);
    }

    private static ApiKeyOptions Read(IConfiguration config)
    {
        var options = new ApiKeyOptions();
        options.Read(config.GetSection(ApiKeyOptions.Section));
        return options;
    }

    private async Task<string> CreateLeadAsync()
    {
        var created = await SendAsync(Everything, "POST", "/api/leads", System.Text.Json.JsonSerializer.Serialize(SampleLeads.Emea()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (string)(await created.BodyAsync())["id"]!;
    }

    private async Task<HttpResponseMessage> SendAsync(string? key, string method, string path, string? body = null)
    {
        using var client = _app.CreateClient();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        if (method == "POST") request.Content = new StringContent(body ?? """{"rep":"anna.schmidt@contoso.com","outcome":"won"}""", Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }
}
