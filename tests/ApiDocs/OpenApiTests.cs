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
    /// Slack's), the dashboard's pages (the insights at "/", the agreement's scorecard) and chart images, and the document itself.
    /// </summary>
    private static readonly string[] NotApi = ["/api/messages", "/api/slack/", "/signin", "/signout", "/signed-out", "/charts/", "/openapi/", "/dashboard", "/agreement"];

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

    /// <summary>"/api/leads/{id}" as OpenAPI writes it: constraints dropped ("{id:int}" → "{id}").</summary>
    private static string Route(RouteEndpoint e)
    {
        var raw = "/" + (e.RoutePattern.RawText ?? "").Trim('/');
        return System.Text.RegularExpressions.Regex.Replace(raw, @"\{([^}:?=]+)[^}]*\}", "{$1}");
    }
}
