using System.Text.Json;
using LeadBot.Access;
using LeadBot.Handoff;
using LeadBot.Intake.Mappings;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LeadBot.Intake;

/// <summary>One intake answer per lead: what happened and why, in the words a marketer checking the integration needs.</summary>
public sealed record IntakeItemResult
{
    public int? Index { get; init; }
    public string? Id { get; init; }
    /// <summary>created, updated, unchanged or invalid.</summary>
    public required string Status { get; init; }
    public string? State { get; init; }
    public bool? Qualified { get; init; }
    public IReadOnlyList<string>? CriteriaMet { get; init; }
    public IReadOnlyList<string>? CriteriaFailed { get; init; }
    /// <summary>The agreement version whose criteria were applied.</summary>
    public int? Agreement { get; init; }
    public string? Team { get; init; }
    public string? Routing { get; init; }
    public IReadOnlyList<string>? Changed { get; init; }
    public Dictionary<string, string[]>? Errors { get; init; }
    /// <summary>What was accepted but not as sent: unknown fields kept as attributes (or dropped, and why).</summary>
    public IReadOnlyList<string>? Warnings { get; init; }

    public static IntakeItemResult From(IntakeOutcome o, int? index) => new()
    {
        Index = index, Id = o.Lead.Id, Status = o.Status.ToString().ToLowerInvariant(), State = o.Lead.State.Name(),
        Qualified = o.Lead.State != LeadState.Nurture, CriteriaMet = o.Lead.CriteriaMet, CriteriaFailed = o.Lead.CriteriaFailed, Agreement = o.Lead.AgreementVersion,
        Team = o.Lead.Team, Routing = o.Lead.RoutingReason, Changed = o.Changed.Count > 0 ? o.Changed : null,
    };
}

public sealed record BatchResult(int Created, int Updated, int Unchanged, int Invalid, IReadOnlyList<IntakeItemResult> Results);

public sealed record LeadWithHistory(Lead Lead, IReadOnlyList<LeadEvent> Events);

public static class IntakeApi
{
    public static IEndpointRouteBuilder MapIntake(this IEndpointRouteBuilder app)
    {
        var leads = app.MapGroup("/api/leads").WithTags("Intake");
        leads.MapPost("", Receive).RequireApiKey(ApiScopes.Intake)
            .WithSummary("Take in one lead, a JSON array of up to 1,000, or CSV; ?mapping= reads another system's shape (hubspot, salesforce, or a configured one)")
            .Accepts<LeadInput>("application/json", "text/csv", "text/xml")
            .Produces<IntakeItemResult>(StatusCodes.Status201Created).Produces<BatchResult>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        // A lead read back carries contact details: a reader's key, not every system that may send leads.
        leads.MapGet("{id}", Get).RequireApiKey(ApiScopes.Reports).WithSummary("A lead with its whole history")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Receive(
        HttpRequest request, string? mapping, LeadIntake intake, Router router, AccessRule access, IOptionsMonitor<IntakeOptions> options, TimeProvider clock,
        CancellationToken ct)
    {
        // A lead with no team to go to would sit unannounced; refusing keeps it with the sender, which retries on 503.
        if (router.Teams.Count == 0)
            return TypedResults.Problem(title: "No sales team is configured",
                detail: "LeadBot has no sales teams yet (Routing:Teams and Routing:Fallback), so it cannot route leads. Ask its admin to configure them; send this lead again afterwards.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        // ?mapping= wins; otherwise the key's own (Intake:ApiKeys:N:Mapping); ?mapping=native posts LeadBot's own shape with such a key.
        if (string.IsNullOrWhiteSpace(mapping)) mapping = access.KeyOf(request.HttpContext)?.Mapping;
        ResolvedMapping? mapped = null;
        if (!string.IsNullOrWhiteSpace(mapping) && !IsNative(mapping) && (mapped = Mapping(options.CurrentValue, mapping)) is null)
            return TypedResults.Problem(title: "Unknown mapping", statusCode: StatusCodes.Status400BadRequest,
                detail: $"There is no intake mapping '{mapping}'. Known: {string.Join(", ", MappingPresets.All.Keys.Concat(options.CurrentValue.Mappings.Keys).Distinct(StringComparer.OrdinalIgnoreCase).Order())}.");
        var body = await IntakeBody.ReadAsync(request, ct, mapped);
        if (body.Problem is not null) return body.Problem;
        var now = clock.GetUtcNow();

        var results = new IntakeItemResult?[body.Inputs.Count];
        var valid = new List<(int Index, Lead Lead)>();
        var warnings = new Dictionary<int, List<string>>();
        for (var i = 0; i < body.Inputs.Count; i++)
        {
            var (input, parseError) = body.Inputs[i];
            var itemWarnings = new List<string>();
            var (lead, errors) = parseError is null ? LeadValidator.Validate(input!, now, options.CurrentValue.RejectUnknownFields, itemWarnings) : (null, parseError);
            if (itemWarnings.Count > 0) warnings[i] = itemWarnings;
            if (lead is not null) valid.Add((i, lead));
            else results[i] = new IntakeItemResult { Index = body.IsBatch ? i : null, Status = "invalid", Errors = errors };
        }
        var outcomes = valid.Count > 0 ? intake.Receive(valid.Select(v => v.Lead).ToList()) : [];
        for (var k = 0; k < valid.Count; k++)
            results[valid[k].Index] = IntakeItemResult.From(outcomes[k], body.IsBatch ? valid[k].Index : null) with { Warnings = warnings.GetValueOrDefault(valid[k].Index) };
        var all = results.Select(r => r!).ToList();
        var created = all.Count(r => r.Status == "created");

        if (!body.IsBatch)
        {
            var only = all[0];
            if (only.Errors is not null) return TypedResults.ValidationProblem(only.Errors, title: "The lead is not valid.");
            return created == 1 ? TypedResults.Created($"/api/leads/{only.Id}", only) : TypedResults.Ok(only);
        }

        if (mapped?.Answer == MappingTargets.SalesforceAck && all.All(r => r.Errors is null)) return SalesforceAck.Result();
        var batch = new BatchResult(created, all.Count(r => r.Status == "updated"), all.Count(r => r.Status == "unchanged"), all.Count(r => r.Errors is not null), all);
        if (batch.Invalid > 0)
        {
            var errors = all.Where(r => r.Errors is not null)
                .SelectMany(r => r.Errors!.Select(e => (Key: $"[{r.Index}].{e.Key}", e.Value)))
                .ToDictionary(e => e.Key, e => e.Value);
            return TypedResults.ValidationProblem(errors,
                title: $"{batch.Invalid} of {all.Count} leads are not valid; the other {all.Count - batch.Invalid} were kept.",
                extensions: new Dictionary<string, object?> { ["created"] = batch.Created, ["updated"] = batch.Updated, ["unchanged"] = batch.Unchanged, ["results"] = all });
        }
        return created > 0 ? TypedResults.Json(batch, statusCode: StatusCodes.Status201Created) : TypedResults.Ok(batch);
    }

    public const string Native = "native";

    public static bool IsNative(string mapping) => string.Equals(mapping.Trim(), Native, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="name"/> is a mapping a request or a key may name.</summary>
    public static bool Exists(IntakeOptions options, string name) => IsNative(name) || Mapping(options, name) is not null;

    /// <summary>A configured mapping (on top of its preset), or a preset by name; null when neither exists.</summary>
    private static ResolvedMapping? Mapping(IntakeOptions options, string name) =>
        options.Mappings.FirstOrDefault(m => string.Equals(m.Key, name, StringComparison.OrdinalIgnoreCase)) is { Value: { } configured } found
            ? ResolvedMapping.From(found.Key, configured)
            : MappingPresets.All.GetValueOrDefault(name);

    private static Results<Ok<LeadWithHistory>, ProblemHttpResult> Get(string id, ILeadRecords store) =>
        store.Find(id) is { } lead
            ? TypedResults.Ok(new LeadWithHistory(lead, store.History(id)))
            : TypedResults.Problem(title: "Not found", detail: $"There is no lead {id}.", statusCode: StatusCodes.Status404NotFound);
}
