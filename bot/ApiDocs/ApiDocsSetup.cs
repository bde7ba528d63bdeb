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

    public static IHostApplicationBuilder AddApiDocs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "LeadBot",
                Version = "v1",
                Description = "Lead intake, lookup, lifecycle steps, reports and the outbox. Send an API key in X-Api-Key " +
                    "(Intake:ApiKeys); with none configured only requests from the bot's own machine are answered. Errors are application/problem+json.",
            };
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath);
        return app;
    }
}
