using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadBot.Handoff.Delivery;

namespace LeadBot.Channels.Teams.Connector;

public sealed record ResourceResponse(string? Id);
public sealed record ConversationResourceResponse(string? Id, string? ActivityId, string? ServiceUrl);
public sealed record TeamsMember(string? Id, string? Name, string? AadObjectId, string? ObjectId, string? Email, string? UserPrincipalName, string? TenantId);

/// <summary>
/// The Bot Connector REST calls LeadBot makes (send, reply, update, create a 1:1 chat, look up a member).
/// Retries (429 with Retry-After, 412, 5xx, timeouts) live in the HttpClient's resilience handler; pacing per
/// conversation happens here before each send; a failure that outlasts both becomes a <see cref="DeliveryException"/>.
/// </summary>
public sealed class ConnectorClient(HttpClient http, ConnectorTokens tokens, ServiceUrlTrust trust, TeamsMode mode, Pacer pacer, ILogger<ConnectorClient> log)
{
    public async Task<string?> SendAsync(string serviceUrl, string conversationId, JsonObject activity, CancellationToken ct)
    {
        await pacer.WaitTurnAsync(conversationId, ct);
        var answer = await CallAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities", activity, ct);
        return answer?.Id;
    }

    /// <summary>A reply to an activity; in a channel it stays in that message's thread.</summary>
    public async Task<string?> ReplyAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken ct)
    {
        await pacer.WaitTurnAsync(conversationId, ct);
        var answer = await CallAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities/{Esc(activityId)}", activity, ct);
        return answer?.Id;
    }

    public async Task UpdateAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken ct)
    {
        await pacer.WaitTurnAsync(conversationId, ct);
        activity["id"] = activityId;
        await CallAsync<ResourceResponse>(HttpMethod.Put, serviceUrl, $"v3/conversations/{Esc(conversationId)}/activities/{Esc(activityId)}", activity, ct);
    }

    /// <summary>Opens (or finds: Teams answers with the same id again) the 1:1 chat with a user. Needs the tenant id.</summary>
    public async Task<ConversationResourceResponse> CreatePersonalAsync(string serviceUrl, string memberId, string tenantId, string? botId, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["isGroup"] = false,
            ["members"] = new JsonArray(new JsonObject { ["id"] = memberId }),
            ["tenantId"] = tenantId,
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
        };
        if (botId is not null) body["bot"] = new JsonObject { ["id"] = botId };
        return await CallAsync<ConversationResourceResponse>(HttpMethod.Post, serviceUrl, "v3/conversations", body, ct)
            ?? throw new DeliveryException("The Connector created a conversation but returned no id.");
    }

    public Task<TeamsMember?> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken ct) =>
        CallAsync<TeamsMember>(HttpMethod.Get, serviceUrl, $"v3/conversations/{Esc(conversationId)}/members/{Esc(userId)}", null, ct);

    private async Task<T?> CallAsync<T>(HttpMethod method, string serviceUrl, string path, JsonObject? body, CancellationToken ct) where T : class
    {
        var uri = new Uri(new Uri(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/"), path);
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(ActivityJson.Options), Encoding.UTF8, "application/json");
        if (mode.Off) throw new DeliveryException("Teams is off (MicrosoftAppId is empty outside Development); nothing is sent to Teams.", permanent: true);
        if (await tokens.GetTokenAsync(ct) is { } token)
        {
            // Never hand the bot's identity to a host that is not the Bot Framework's (or one the admin listed).
            if (!trust.Trusts(uri))
            {
                log.LogWarning("Refused to call {Host}: not a trusted Bot Framework service URL (https, documented hosts or Teams:TrustedServiceUrls)", uri.Host);
                throw new DeliveryException($"{uri.GetLeftPart(UriPartial.Authority)} is not a trusted Bot Framework service URL, so the bot's token is not sent there; " +
                    "if it is one (a sovereign cloud), add it to Teams:TrustedServiceUrls.", permanent: true);
            }
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try { response = await http.SendAsync(request, ct); }
        catch (HttpRequestException e) { throw new DeliveryException($"{method} {uri.AbsolutePath} failed: {e.Message}", inner: e); }
        catch (Polly.Timeout.TimeoutRejectedException e) { throw new DeliveryException($"{method} {uri.AbsolutePath} timed out", inner: e); }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode)
                return text.Length == 0 ? null : JsonSerializer.Deserialize<T>(text, ActivityJson.Options);
            var error = ErrorCode(text);
            log.LogWarning("Connector {Method} {Path} answered {Status} {Code}", method, uri.AbsolutePath, (int)response.StatusCode, error);
            throw new DeliveryException(
                $"Teams answered {(int)response.StatusCode} {error} to {method} {uri.AbsolutePath}",
                retryAfter: response.StatusCode == HttpStatusCode.TooManyRequests ? RetryAfter(response) ?? TimeSpan.FromSeconds(30) : null,
                permanent: IsPermanent(response.StatusCode));
        }
    }

    /// <summary>Retrying cannot fix a bad request, a missing registration, a blocked or unknown conversation, or an oversized message.</summary>
    private static bool IsPermanent(HttpStatusCode status) => status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized
        or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.RequestEntityTooLarge;

    internal static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when response.Headers.Date is { } now => date - now,
        _ => null,
    };

    private static string ErrorCode(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["error"]?["code"]?.GetValue<string>() ?? "";
        }
        catch (JsonException) { return ""; }
    }

    private static string Esc(string segment) => Uri.EscapeDataString(segment);
}
