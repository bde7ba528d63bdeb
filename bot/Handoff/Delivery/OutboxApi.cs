using LeadBot.Access;
using LeadBot.Storage;

namespace LeadBot.Handoff.Delivery;

public sealed record ParkedMessage(string Id, string Kind, string? LeadId, string Audience, int Attempts, string? LastError, DateTimeOffset CreatedAt)
{
    public static ParkedMessage From(OutboxMessage m) => new(m.Id, m.Kind, m.LeadId, m.Audience, m.Attempts, m.LastError, m.CreatedAt);
}

public sealed record RetryAnswer(int Retried, IReadOnlyList<string> Ids);

/// <summary>Parked (failed) messages: list them, and send them again once the cause is fixed.</summary>
public static class OutboxApi
{
    private const int MaxListed = 500;

    public static IEndpointRouteBuilder MapOutbox(this IEndpointRouteBuilder app)
    {
        var outbox = app.MapGroup("/api/outbox").RequireApiKey(ApiScopes.Admin).WithTags("Outbox");
        outbox.MapGet("failed", (IOutboxStore store) => TypedResults.Ok(store.FailedMessages(MaxListed).Select(ParkedMessage.From).ToList()));
        outbox.MapPost("{id}/retry", (string id, IOutboxStore store, OutboxSignal signal, TimeProvider clock) =>
        {
            if (!store.Retry(id, clock.GetUtcNow()))
                return Results.Problem(title: "Not found", statusCode: StatusCodes.Status404NotFound,
                    detail: $"There is no failed message {id}; it may have been sent or retried already (GET /api/outbox/failed lists them).");
            signal.Poke();
            return Results.Ok(new RetryAnswer(1, [id]));
        }).Produces<RetryAnswer>().ProducesProblem(StatusCodes.Status404NotFound);
        outbox.MapPost("retry", (IOutboxStore store, OutboxSignal signal, TimeProvider clock) =>
        {
            var now = clock.GetUtcNow();
            var retried = new List<string>();
            // Page through: each retried message leaves the failed list, so the next page is the next messages.
            for (var page = store.FailedMessages(MaxListed); page.Count > 0; page = store.FailedMessages(MaxListed))
            {
                var moved = page.Where(m => store.Retry(m.Id, now)).Select(m => m.Id).ToList();
                retried.AddRange(moved);
                if (moved.Count == 0) break;
            }
            if (retried.Count > 0) signal.Poke();
            return TypedResults.Ok(new RetryAnswer(retried.Count, retried));
        });
        return app;
    }
}
