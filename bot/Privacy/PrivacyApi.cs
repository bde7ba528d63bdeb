using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LeadBot.Access;
using LeadBot.Intake;
using LeadBot.Leads;
using LeadBot.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace LeadBot.Privacy;

/// <summary>Whom to erase: by email, or by the source system's key (then every lead with that lead's email too).</summary>
public sealed record PersonRequest(string? Email, string? Source, string? ExternalId);

/// <summary>A subject-access export: every lead held about the person, with its whole history.</summary>
public sealed record PersonExport(DateTimeOffset ExportedAt, IReadOnlyList<LeadWithHistory> Leads);

/// <summary>The erasure's answer: what changed, and when the store's files will no longer hold the old values.</summary>
public sealed record ErasureAnswer(
    IReadOnlyList<string> Erased, int Events, int Comments, int MessagesDropped, int MessagesRewritten, int CardsQueued, string Compaction);

/// <summary>
/// /api/people: erase, export, compact, audit. Personal data leaves with these, so the whole group needs a key with the
/// admin scope (or this machine, with no key configured); a request that names nobody the store holds changes nothing and says so.
/// </summary>
public static class PrivacyApi
{
    private const int MaxBody = 4 * 1024;

    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder app)
    {
        var people = app.MapGroup("/api/people").RequireApiKey(ApiScopes.Admin).WithTags("Privacy");
        people.MapGet("", Export).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        // The body is read by hand (to answer 413/415 as problem+json), so its shape is given to the API description only:
        // Accepts<T> would also make routing answer other content types itself, without a problem body.
        people.MapPost("erase", EraseAsync).AddOpenApiOperationTransformer(async (operation, context, ct) => operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(PersonRequest), null, ct) } },
            })
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        people.MapPost("compact", (Compaction compaction) => TypedResults.Ok(compaction.Run()));
        people.MapGet("erasures", (PrivacyAudit audit) => TypedResults.Ok(audit.Latest(100)));
        return app;
    }

    private static Results<Ok<PersonExport>, ProblemHttpResult> Export(
        string? email, string? source, string? externalId, ILeadStore store, IPersonalDataStore personal, TimeProvider clock)
    {
        if (Validate(new PersonRequest(email, source, externalId)) is { } problem) return problem;
        var leads = Find(new PersonRequest(email, source, externalId), store, personal);
        if (leads.Count == 0) return NotFound();
        return TypedResults.Ok(new PersonExport(clock.GetUtcNow(), [.. leads.Select(l => new LeadWithHistory(l, store.History(l.Id)))]));
    }

    private static async Task<Results<Ok<ErasureAnswer>, ProblemHttpResult>> EraseAsync(
        HttpContext http, ILeadStore store, IPersonalDataStore personal, Eraser eraser, PrivacyLoop loop, TimeProvider clock, CancellationToken ct)
    {
        if (http.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the request as application/json.");
        if (http.Request.ContentLength > MaxBody)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"An erase request is a few fields; this body is over {MaxBody} bytes.");
        PersonRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<PersonRequest>(http.Request.Body, JsonSerializerOptions.Web, ct);
        }
        catch (JsonException)
        {
            body = null;
        }
        if (body is null) return Problem(StatusCodes.Status400BadRequest, "Invalid request", Shape);
        if (Validate(body) is { } problem) return problem;
        var leads = Find(body, store, personal);
        if (leads.Count == 0) return NotFound();
        var why = body.Email is not null ? "request by email" : "request by source and external id";
        var report = eraser.Erase(leads, new ErasureRequest(Requester(http), why, LeadEvent.Channels.Api));
        var next = loop.NextRun(clock.GetUtcNow());
        return TypedResults.Ok(new ErasureAnswer(report.Leads, report.Events, report.Comments, report.MessagesDropped, report.MessagesRewritten, report.CardsQueued,
            $"due: the store's files keep the old values until the privacy run at {next:u}, or POST /api/people/compact"));
    }

    private const string Shape = "Send {\"email\": \"…\"} or {\"source\": \"…\", \"externalId\": \"…\"}.";

    private static ProblemHttpResult? Validate(PersonRequest r)
    {
        var byEmail = !string.IsNullOrWhiteSpace(r.Email);
        var byKey = !string.IsNullOrWhiteSpace(r.Source) || !string.IsNullOrWhiteSpace(r.ExternalId);
        if (byEmail == byKey) return Problem(StatusCodes.Status400BadRequest, "Invalid request", "Name the person one way. " + Shape);
        if (byEmail && (r.Email!.Length > 254 || !r.Email.Contains('@', StringComparison.Ordinal)))
            return Problem(StatusCodes.Status400BadRequest, "Invalid request", "\"email\" must be an email address.");
        if (byKey && (string.IsNullOrWhiteSpace(r.Source) || string.IsNullOrWhiteSpace(r.ExternalId)))
            return Problem(StatusCodes.Status400BadRequest, "Invalid request", "Give both \"source\" and \"externalId\".");
        return null;
    }

    /// <summary>The person's leads; by key, the lead found and every other lead with its email, since that is the same person.</summary>
    private static List<Lead> Find(PersonRequest r, ILeadStore store, IPersonalDataStore personal)
    {
        if (r.Email is { } email && !string.IsNullOrWhiteSpace(email)) return [.. personal.FindByEmail(email)];
        if (store.FindByKey(r.Source!, r.ExternalId!) is not { } lead) return [];
        return lead.Email is { Length: > 0 } e ? [.. personal.FindByEmail(e).Append(lead).DistinctBy(l => l.Id)] : [lead];
    }

    /// <summary>Who asked, for the audit: a fingerprint of the API key (never the key), or this machine when no key was needed.</summary>
    private static string Requester(HttpContext http) =>
        http.Request.Headers[AccessRule.Header].ToString() is { Length: > 0 } key
            ? "api key " + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8]
            : "this machine";

    private static ProblemHttpResult NotFound() =>
        Problem(StatusCodes.Status404NotFound, "Not found", "LeadBot holds no lead for this person; nothing was changed.");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);
}
