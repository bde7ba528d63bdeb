using LeadBot.Access;
using LeadBot.Leads;
using LeadBot.Routing;
using LeadBot.Storage;

namespace LeadBot.Handoff;

public sealed record ClaimRequest(string? Rep);
public sealed record RejectRequest(string? Rep, string? Reason, string? Comment);
public sealed record OutcomeRequest(string? Outcome, string? Rep, decimal? Amount, DateTimeOffset? Date, string? Comment);

/// <summary>A step's answer: the lead's state after it, its owner, and what happened in words.</summary>
public sealed record StepAnswer(string Id, string State, LeadOwner? Owner, string? Message);

/// <summary>
/// Lifecycle steps over HTTP, for systems of record and scripts: the same rules as the chat buttons,
/// with refusals as problem+json (409 for a step the lead's state does not allow).
/// </summary>
public static class HandoffApi
{
    public static IEndpointRouteBuilder MapHandoff(this IEndpointRouteBuilder app)
    {
        var leads = app.MapGroup("/api/leads").RequireApiKey(ApiScopes.Lifecycle).WithTags("Handoff");
        Described(leads.MapPost("{id}/accept", (string id, ClaimRequest body, LeadActions actions) =>
            Answer(body.Rep is { Length: > 0 } rep ? actions.Claim(id, new Actor(Email: rep), LeadEvent.Channels.Api) : MissingRep())));
        Described(leads.MapPost("{id}/reject", (string id, RejectRequest body, LeadActions actions) =>
            Answer(body.Rep is { Length: > 0 } rep ? actions.Reject(id, new Actor(Email: rep), body.Reason, body.Comment, LeadEvent.Channels.Api) : MissingRep())));
        Described(leads.MapPost("{id}/outcome", (string id, OutcomeRequest body, LeadActions actions) =>
            Answer(actions.RecordOutcome(id, Rep(body), body.Outcome, LeadEvent.Channels.Api, body.Amount, body.Comment, body.Date))));
        // Systems of record know their own id, not ours.
        Described(leads.MapPost("{source}/{externalId}/outcome", (string source, string externalId, OutcomeRequest body, ILeadRecords store, LeadActions actions) =>
            store.FindByKey(source, externalId) is { } lead
                ? Answer(actions.RecordOutcome(lead.Id, Rep(body), body.Outcome, LeadEvent.Channels.Api, body.Amount, body.Comment, body.Date))
                : TypedResults.Problem(title: "Not found", detail: $"There is no lead {externalId} from {source}.", statusCode: StatusCodes.Status404NotFound)));
        return app;
    }

    /// <summary>What every step answers, for the API description (the handlers answer IResult, which says nothing).</summary>
    private static void Described(RouteHandlerBuilder step) => step.Produces<StepAnswer>()
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    private static Actor? Rep(OutcomeRequest body) => body.Rep is { Length: > 0 } rep ? new Actor(Email: rep) : null;

    private static StepResult MissingRep() => StepResult.Invalid(null, "Name the rep (their email) in \"rep\".");

    internal static IResult Answer(StepResult result) => result.Status switch
    {
        StepStatus.Done => TypedResults.Ok(new StepAnswer(result.Lead!.Id, result.Lead.State.Name(), result.Lead.Owner, result.Message)),
        StepStatus.NotFound => Problem(StatusCodes.Status404NotFound, "Not found", result),
        StepStatus.Conflict => Problem(StatusCodes.Status409Conflict, "Not possible in the lead's current state", result),
        StepStatus.Forbidden => Problem(StatusCodes.Status403Forbidden, "Not allowed", result),
        _ => Problem(StatusCodes.Status400BadRequest, "Invalid request", result),
    };

    private static IResult Problem(int status, string title, StepResult result) => TypedResults.Problem(
        title: title, detail: result.Message, statusCode: status,
        extensions: result.Lead is null ? null : new Dictionary<string, object?> { ["state"] = result.Lead.State.Name(), ["owner"] = result.Lead.Owner });
}
