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
        if (exception is not (LiteDB.LiteException or IOException or UnauthorizedAccessException or TimeoutException)) return false;
        log.LogError(exception, "Store unavailable while handling {Path}", http.Request.Path);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "5";
        await TypedResults.Problem(title: "Store unavailable", detail: "LeadBot could not reach its store; nothing was saved. Retry shortly.",
            statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
        return true;
    }
}
