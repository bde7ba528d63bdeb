using LeadBot.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace LeadBot.ApiDocs;

/// <summary>
/// The machine-readable contract of the HTTP API at <c>/openapi/v1.json</c>, generated from the mapped endpoints
/// (Microsoft.AspNetCore.OpenApi), so it cannot drift from them. It describes the API, not the data: it is served
/// without a key, like a product's published API reference.
/// </summary>
public static class ApiDocsSetup
{
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string KeyScheme = "ApiKey";

    /// <summary>The chat platforms' webhooks: their contracts are Teams' and Slack's, not LeadBot's to publish.</summary>
    private static readonly string[] ChatTags = ["Teams", "Slack"];

    public static IHostApplicationBuilder AddApiDocs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => !d.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.ITagsMetadata>().Any(t => t.Tags.Any(ChatTags.Contains));
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "LeadBot",
                    Version = "v1",
                    Description = "Lead intake, lookup, lifecycle steps, reports, the agreement, privacy and the outbox. Send an API key in " +
                        $"{AccessRule.Header} (Intake:ApiKeys; each operation names the scope it needs); with none configured only requests from the " +
                        "bot's own machine are answered. Errors are application/problem+json.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[KeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = AccessRule.Header,
                    Description = "A key of Intake:ApiKeys holding the operation's scope (intake, reports, lifecycle, admin); a plain-string key holds them all.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, ct) =>
            {
                // Every refusal is problem+json; the usual ones are listed per operation, this names the shape of the rest.
                operation.Responses ??= [];
                operation.Responses.TryAdd("default", new OpenApiResponse
                {
                    Description = "An error: application/problem+json with title and detail saying what to fix.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/problem+json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct) },
                    },
                });
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiKeyRequirement>().LastOrDefault() is not { } key) return;
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(KeyScheme, context.Document)] = [] });
                operation.Description = (operation.Description is { Length: > 0 } d ? d + "\n\n" : "") + $"Needs an API key with the `{key.Scope}` scope.";
            });
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath);
        return app;
    }
}
