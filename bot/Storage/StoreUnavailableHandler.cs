using LeadBot.Storage.Postgres;
using Microsoft.AspNetCore.Diagnostics;

namespace LeadBot.Storage;

/// <summary>
/// When the store itself fails, a caller must hear "try again" (503), not "we broke" (500) and never "done":
/// intake only answers 2xx after the lead is committed.
/// </summary>
internal sealed class StoreUnavailableHandler(ILogger<StoreUnavailableHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (!IsUnavailable(exception)) return false;
        log.LogError(exception, "Store unavailable while handling {Path}", http.Request.Path);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "5";
        await TypedResults.Problem(title: "Store unavailable", detail: "LeadBot could not reach its store; nothing was saved. Retry shortly.",
            statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
        return true;
    }

    /// <summary>The store, not the request, is the problem: LiteDB or file errors, timeouts, PostgreSQL connection failures.</summary>
    internal static bool IsUnavailable(Exception e) =>
        e is LiteDB.LiteException or IOException or UnauthorizedAccessException or TimeoutException || PostgresFailures.IsUnavailable(e);
}
