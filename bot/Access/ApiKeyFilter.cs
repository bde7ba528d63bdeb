namespace LeadBot.Access;

/// <summary>Puts <see cref="AccessRule"/> in front of an endpoint or group; refusals are problem+json.</summary>
public sealed class ApiKeyFilter(string scope) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.RequestServices.GetRequiredService<AccessRule>().Check(http, scope) is not { } refusal) return await next(context);
        http.RequestServices.GetRequiredService<ILogger<ApiKeyFilter>>()
            .LogWarning("Refused {Method} {Path} from {Remote}: {Reason}", http.Request.Method, Logged.Truncate(http.Request.Path.Value), http.Connection.RemoteIpAddress, refusal.LogReason);
        return TypedResults.Problem(title: refusal.Status == StatusCodes.Status403Forbidden ? "Forbidden" : "Unauthorized",
            detail: refusal.Detail, statusCode: refusal.Status);
    }
}

/// <summary>Marks an endpoint as behind <see cref="ApiKeyFilter"/>, so the API description (bot/ApiDocs) can say which scope it needs.</summary>
public sealed record ApiKeyRequirement(string Scope);

public static class ApiKeyFilterExtensions
{
    /// <summary>Requests need an API key with <paramref name="scope"/> (or, with no key configured, must come from this machine).</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new ApiKeyFilter(scope)).WithMetadata(new ApiKeyRequirement(scope), Refused(StatusCodes.Status401Unauthorized), Refused(StatusCodes.Status403Forbidden));

    private static ProducesResponseTypeMetadata Refused(int status) =>
        new(status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]);
}
