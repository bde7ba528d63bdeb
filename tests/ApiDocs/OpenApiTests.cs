using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LeadBot.Tests.ApiDocs;

/// <summary>The OpenAPI document read back as a client would, checked against the endpoints the bot really maps.</summary>
public sealed class OpenApiTests
{
    /// <summary>
    /// Mapped endpoints that are not the public API: the chat platforms' webhooks (their contracts are Teams' and
    /// Slack's), the dashboard's pages (the insights at "/", the agreement's scorecard) and chart images, the legal pages
    /// (HTML for people), and the document itself.
    /// </summary>
    private static readonly string[] NotApi =
        ["/api/messages", "/api/slack/", "/privacy", "/terms", "/signin", "/signout", "/signed-out", "/charts/", "/openapi/", "/dashboard", "/agreement"];

    private static bool IsApi(string route) => route != "/" && !NotApi.Any(route.StartsWith);

    [Fact]
    public async Task Document_DescribesEveryMappedPublicEndpoint()
    {
        using var app = new LeadBotApp();
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paths"]!.AsObject();

        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Route: Route(e), Method: m.ToLowerInvariant())))
            .Where(e => IsApi(e.Route)).Distinct().ToList();

        Assert.Contains(("/api/leads", "post"), mapped);
        Assert.Contains(("/api/outbox/retry", "post"), mapped);
        var missing = mapped.Where(e => paths[e.Route]?[e.Method] is null).Select(e => $"{e.Method.ToUpperInvariant()} {e.Route}").ToList();
        Assert.True(missing.Count == 0, "not in /openapi/v1.json: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Intake_IsDescribedWithItsBodyAnswersAndProblems()
    {
        using var app = new LeadBotApp();
        var doc = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var intake = doc["paths"]!["/api/leads"]!["post"]!;

        Assert.NotNull(intake["requestBody"]!["content"]!["application/json"]);
        Assert.NotNull(intake["requestBody"]!["content"]!["text/csv"]);
        Assert.NotNull(intake["responses"]!["201"]!["content"]!["application/json"]);
        Assert.NotNull(intake["responses"]!["400"]!["content"]!["application/problem+json"]);
        Assert.NotNull(intake["responses"]!["401"]!["content"]!["application/problem+json"]);
        Assert.NotNull(doc["components"]!["schemas"]!["LeadInput"]!["properties"]!["externalId"]);
        Assert.NotNull(doc["paths"]!["/api/leads/{id}"]!["get"]!["responses"]!["200"]);
    }

    [Fact]
    public async Task EveryOperation_HasAnAnswerSchema_ItsKeyScope_AndProblemJsonErrors()
    {
        using var app = new LeadBotApp();
        var doc = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var operations = doc["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Name: $"{o.Key.ToUpperInvariant()} {p.Key}", Path: p.Key, Op: o.Value!))).ToList();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        // The chat platforms' webhooks are Teams' and Slack's contracts, not LeadBot's API.
        Assert.DoesNotContain(operations, o => o.Path.StartsWith("/api/messages", StringComparison.Ordinal) || o.Path.StartsWith("/api/slack", StringComparison.Ordinal));
        var missing = new List<string>();
        foreach (var (name, path, op) in operations.Where(o => IsApi(o.Path)))
        {
            var responses = op["responses"]!.AsObject();
            if (!responses.Any(r => r.Key.StartsWith('2') && r.Value!["content"]?.AsObject().Any(c => c.Value!["schema"] is not null) == true))
                missing.Add($"{name}: no success answer with a schema");
            if (responses["default"]?["content"]?["application/problem+json"] is null) missing.Add($"{name}: no problem+json default");
        }
        // Each operation behind the API-key rule says so, with 401 and 403 as problem+json.
        var keyed = endpoints.Where(e => e.Metadata.GetMetadata<LeadBot.Access.ApiKeyRequirement>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Route(e)}")).Distinct().ToList();
        Assert.Contains("POST /api/people/erase", keyed);
        foreach (var name in keyed)
        {
            var op = operations.SingleOrDefault(o => o.Name == name).Op;
            if (op is null) { missing.Add($"{name}: not described"); continue; }
            if (op["security"]?.AsArray().Any(r => r!["ApiKey"] is not null) != true) missing.Add($"{name}: no ApiKey security requirement");
            foreach (var status in new[] { "401", "403" })
                if (op["responses"]![status]?["content"]?["application/problem+json"] is null) missing.Add($"{name}: no {status} problem+json");
            if (op["description"]?.ToString().Contains("scope", StringComparison.Ordinal) != true) missing.Add($"{name}: does not name its scope");
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
        Assert.Equal("header", (string?)doc["components"]!["securitySchemes"]!["ApiKey"]!["in"]);
        Assert.Equal("X-Api-Key", (string?)doc["components"]!["securitySchemes"]!["ApiKey"]!["name"]);
    }

    [Theory]
    [InlineData("/api/leads/{id}/accept", "rep", "StepAnswer")]
    [InlineData("/api/leads/{id}/reject", "reason", "StepAnswer")]
    [InlineData("/api/leads/{source}/{externalId}/outcome", "outcome", "StepAnswer")]
    [InlineData("/api/people/erase", "email", "ErasureAnswer")]
    [InlineData("/api/criteria/proposals", "change", "ProposalAnswer")]
    [InlineData("/api/criteria/proposals/{id}/approve", "comment", "ProposalAnswer")]
    public async Task Steps_DescribeTheirRequestBodyAndAnswerSchema(string path, string requestField, string answer)
    {
        using var app = new LeadBotApp();
        var doc = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var op = doc["paths"]![path]!["post"]!;

        Assert.NotNull(Resolve(doc, op["requestBody"]!["content"]!["application/json"]!["schema"]!)["properties"]![requestField]);
        var ok = op["responses"]!.AsObject().First(r => r.Key.StartsWith('2')).Value!;
        Assert.EndsWith("/" + answer, (string?)ok["content"]!["application/json"]!["schema"]!["$ref"]);
        Assert.NotNull(doc["components"]!["schemas"]![answer]!["properties"]);
    }

    /// <summary>
    /// The schema itself: followed when it is a reference, or the non-null alternative of an optional body ("null or the record").
    /// </summary>
    private static JsonNode Resolve(JsonNode doc, JsonNode schema)
    {
        var reference = (string?)schema["$ref"] ?? schema["oneOf"]?.AsArray().Select(s => (string?)s!["$ref"]).FirstOrDefault(r => r is not null);
        return reference is null ? schema : doc["components"]!["schemas"]![reference.Split('/')[^1]]!;
    }

    /// <summary>"/api/leads/{id}" as OpenAPI writes it: constraints dropped ("{id:int}" → "{id}").</summary>
    private static string Route(RouteEndpoint e)
    {
        var raw = "/" + (e.RoutePattern.RawText ?? "").Trim('/');
        return System.Text.RegularExpressions.Regex.Replace(raw, @"\{([^}:?=]+)[^}]*\}", "{$1}");
    }
}
