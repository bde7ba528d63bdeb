using LeadBot.Access;
using LeadBot.Cards;
using LeadBot.Insights;
using LeadBot.Qualification;
using LeadBot.Routing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadBot.Agreement;

/// <summary>The agreement in force and how it came to be, as <c>GET /api/criteria</c> answers.</summary>
public sealed record CriteriaAnswer(
    int Version, QualificationRules Rules, IReadOnlyList<TeamCommitment> Commitments, IReadOnlyList<string> ApprovedBy,
    DateTimeOffset ApprovedAt, IReadOnlyList<HistoryEntry> History)
{
    public static CriteriaAnswer From(AgreementVersion current, IReadOnlyList<AgreementVersion> history) => new(
        current.Version, current.Rules, current.Teams, current.ApprovedBy, current.ApprovedAt,
        history.Select(v => new HistoryEntry(v.Version, v.Change, v.ApprovedBy, v.ApprovedAt, v.ProposalId)).ToList());
}

public sealed record HistoryEntry(int Version, string Change, IReadOnlyList<string> ApprovedBy, DateTimeOffset ApprovedAt, string? ProposalId);

/// <summary>A proposal as the API answers: <see cref="Status"/> is pending, applied or declined; <see cref="Version"/> the version an apply made.</summary>
public sealed record ProposalAnswer(
    string Id, string Status, int? Version, string Change, string Summary, string? Effect, string? Warning, string ProposedBy,
    IReadOnlyList<ApprovalAnswer> Approvals, string? Waiting, string? DeclinedBy, string? DeclineComment, string? Message)
{
    public static ProposalAnswer From(ProposalState s, string? message = null) => new(
        s.Proposal.Id, s.Status, s.Decision?.Version, s.Proposal.Change.ToString(), s.Proposal.Summary, s.Proposal.Effect, s.Proposal.Warning,
        s.Proposal.By, s.Approvals.Select(a => new ApprovalAnswer(a.By, a.Sales && a.Marketing ? "sales, marketing" : a.Sales ? "sales" : "marketing", a.At, a.Comment)).ToList(),
        s.Waiting, s.Status == ProposalStatus.Declined ? s.Decision!.By : null, s.Status == ProposalStatus.Declined ? s.Decision!.Comment : null, message);
}

public sealed record ApprovalAnswer(string By, string Side, DateTimeOffset At, string? Comment);

/// <summary>POST /api/criteria/proposals: the change in the chat command's words (<see cref="ProposedChange.Grammar"/>).</summary>
public sealed record ProposeRequest(string? Change, string? By, string? Comment);

/// <summary>POST /api/criteria/proposals/{id}/approve and /decline.</summary>
public sealed record DecideRequest(string? By, string? Comment);

public static class AgreementApi
{
    public static IEndpointRouteBuilder MapAgreementApi(this IEndpointRouteBuilder app)
    {
        // Reading the agreement and its evidence is reporting; proposing and deciding change it, as lifecycle steps do.
        var criteria = app.MapGroup("/api/criteria").WithTags("Agreement");
        criteria.MapGet("", Criteria).RequireApiKey(ApiScopes.Reports);
        criteria.MapGet("review", Review).RequireApiKey(ApiScopes.Reports);
        criteria.MapGet("proposals", Pending).RequireApiKey(ApiScopes.Reports);
        criteria.MapGet("proposals/{id}", Proposal).RequireApiKey(ApiScopes.Reports);
        criteria.MapPost("proposals", Propose).RequireApiKey(ApiScopes.Lifecycle);
        criteria.MapPost("proposals/{id}/approve", (string id, DecideRequest? body, Proposals proposals) =>
            Decide(body, by => proposals.Approve(id, by, body?.Comment))).RequireApiKey(ApiScopes.Lifecycle);
        app.MapGet("/api/agreement/scorecard", Score).RequireApiKey(ApiScopes.Reports).WithTags("Agreement");
        criteria.MapPost("proposals/{id}/decline", (string id, DecideRequest? body, Proposals proposals) =>
            Decide(body, by => proposals.Decline(id, by, body?.Comment))).RequireApiKey(ApiScopes.Lifecycle);
        return app;
    }

    private static CriteriaAnswer Criteria(Agreements agreements)
    {
        agreements.Refresh();
        return CriteriaAnswer.From(agreements.Current, agreements.History());
    }

    private static Results<Ok<CriteriaReviewAnswer>, ProblemHttpResult> Review(string? period, CriteriaReview review, TimeProvider clock) =>
        Period.Parse(period, clock.GetUtcNow()) is { } p
            ? TypedResults.Ok(review.Review(p))
            : Problem(StatusCodes.Status400BadRequest, "Unknown period", Period.Refusal(period));

    private static Results<Ok<ScorecardView>, ProblemHttpResult> Score(string? period, string? team, Scorecard scorecard, Router router, TimeProvider clock)
    {
        if (team is not null && router.Team(team) is null) return Problem(StatusCodes.Status400BadRequest, "Unknown team", $"There is no team called \"{team}\".");
        return Period.Parse(period ?? "month", clock.GetUtcNow()) is { } p
            ? TypedResults.Ok(scorecard.Build(p, team))
            : Problem(StatusCodes.Status400BadRequest, "Unknown period", Period.Refusal(period));
    }

    private static IReadOnlyList<ProposalAnswer> Pending(Proposals proposals) => proposals.Pending().Select(s => ProposalAnswer.From(s)).ToList();

    private static Results<Ok<ProposalAnswer>, ProblemHttpResult> Proposal(string id, Proposals proposals) =>
        proposals.Find(id) is { } s ? TypedResults.Ok(ProposalAnswer.From(s)) : Problem(StatusCodes.Status404NotFound, "Unknown proposal", $"There is no proposal {id}.");

    private static Results<Created<ProposalAnswer>, ProblemHttpResult> Propose(ProposeRequest? body, Proposals proposals)
    {
        if (string.IsNullOrWhiteSpace(body?.By) || string.IsNullOrWhiteSpace(body.Change))
            return Problem(StatusCodes.Status400BadRequest, "Change and proposer needed", $"Send {{\"change\": \"remove Retail from industries\", \"by\": \"<email>\"}}. Changes: {ProposedChange.Grammar}.");
        var step = proposals.Propose(body.Change, new Actor(Email: body.By.Trim()), body.Comment);
        return step.State is { } s
            ? TypedResults.Created($"/api/criteria/proposals/{s.Proposal.Id}", ProposalAnswer.From(s, step.Message))
            : Refused(step);
    }

    private static Results<Ok<ProposalAnswer>, ProblemHttpResult> Decide(DecideRequest? body, Func<Actor, ProposalStep> step)
    {
        if (string.IsNullOrWhiteSpace(body?.By)) return Problem(StatusCodes.Status400BadRequest, "Who decides?", "Send {\"by\": \"<email>\", \"comment\": \"…\"}: a sales manager or a member of the marketing roster.");
        var result = step(new Actor(Email: body.By.Trim()));
        return result.State is { } s && result.Refusal is null ? TypedResults.Ok(ProposalAnswer.From(s, result.Message)) : Refused(result);
    }

    private static ProblemHttpResult Refused(ProposalStep step) => step.Refusal switch
    {
        ProposalRefusal.NotFound => Problem(StatusCodes.Status404NotFound, "Unknown proposal", step.Message!),
        ProposalRefusal.NotAllowed => Problem(StatusCodes.Status403Forbidden, "Not allowed", step.Message!),
        ProposalRefusal.Closed => Problem(StatusCodes.Status409Conflict, "Proposal closed", step.Message!),
        _ => Problem(StatusCodes.Status400BadRequest, "Not a change LeadBot can make", step.Message!),
    };

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(title: title, detail: detail, statusCode: status);
}
