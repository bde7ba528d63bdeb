using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>
/// The Connector side of the fake (serviceUrl …/amer/): like Teams, it refuses a call without a token it issued (once an
/// app is registered), answers 404 for a conversation it does not know and for an activity id that conversation never
/// held, and opens 1:1 chats. Teams knows a conversation because a user's activity came from it (the test app registers
/// those), because the bot created it, or because a test says so (<see cref="AddConversation"/>).
/// </summary>
public sealed partial class FakeBotFramework
{
    private readonly ConcurrentQueue<(string PathContains, int Status, TimeSpan? RetryAfter)> _failures = new();
    // Conversation (a channel thread counts as its channel) → the activity ids posted in it.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _conversations = new(StringComparer.Ordinal);
    private int _ids;

    public IReadOnlyList<ConnectorCall> ConnectorCalls => Calls.Where(c => c.Path.StartsWith("/amer/", StringComparison.Ordinal)).ToList();

    /// <summary>The next <paramref name="times"/> Connector calls whose path contains <paramref name="pathContains"/> fail with <paramref name="status"/>.</summary>
    public void FailNext(int status, int times = 1, TimeSpan? retryAfter = null, string pathContains = "/v3/")
    {
        for (var i = 0; i < times; i++) _failures.Enqueue((pathContains, status, retryAfter));
    }

    /// <summary>A conversation that exists in Teams (and activities already in it, e.g. the user's message the bot replies to).</summary>
    public void AddConversation(string conversationId, params string[] activityIds)
    {
        var activities = _conversations.GetOrAdd(Root(conversationId), _ => new(StringComparer.Ordinal));
        foreach (var id in activityIds) activities[id] = 0;
    }

    public bool HasActivity(string conversationId, string activityId) =>
        _conversations.TryGetValue(Root(conversationId), out var activities) && activities.ContainsKey(activityId);

    /// <summary>A reply thread in a channel ("19:…@thread.tacv2;messageid=…") lives in that channel.</summary>
    private static string Root(string conversationId) => conversationId.Split(";messageid=", 2)[0];

    private async Task<IResult> Connector(HttpContext http)
    {
        var request = http.Request;
        JsonNode? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
            body = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync());
        var path = Uri.UnescapeDataString(request.Path.Value!);
        var authorization = request.Headers.Authorization.ToString();
        Calls.Enqueue(new ConnectorCall(request.Method, path, authorization, body));

        // The Bot Connector's own answer to a missing, foreign or expired token.
        if (Registration is not null && !(authorization.StartsWith("Bearer ", StringComparison.Ordinal) && _issued.ContainsKey(authorization["Bearer ".Length..])))
            return Results.Json(new { message = "Authorization has been denied for this request." }, statusCode: StatusCodes.Status401Unauthorized);

        if (_failures.TryPeek(out var f) && path.Contains(f.PathContains, StringComparison.Ordinal) && _failures.TryDequeue(out f))
        {
            if (f.RetryAfter is { } wait) http.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var code = f.Status == 429 ? "Throttled" : "ServiceError";
            return Results.Json(new { error = new { code, message = "fake failure" } }, statusCode: f.Status);
        }

        var segments = path["/amer/".Length..].Split('/');
        // v3/conversations → create; v3/conversations/{c}/activities[/{a}]; v3/conversations/{c}/members/{m}
        if (request.Method == "POST" && segments is ["v3", "conversations"])
        {
            var member = body?["members"]?[0]?["id"]?.GetValue<string>() ?? "unknown";
            var created = "a:chat-" + member;
            AddConversation(created);
            return Results.Json(new { id = created }, statusCode: 201);
        }
        if (segments is not ["v3", "conversations", var conversation, ..] || !_conversations.TryGetValue(Root(conversation), out var activities))
            return NotFound("ConversationNotFound", "Conversation not found.");
        if (segments is [_, _, _, "members", var userId])
        {
            var aad = userId.StartsWith("29:", StringComparison.Ordinal) ? userId[3..] : userId;
            return Directory.TryGetValue(aad, out var email)
                ? Results.Json(new { id = userId, objectId = aad, aadObjectId = aad, email, userPrincipalName = email, name = email })
                : NotFound("MemberNotFoundInConversation", "no such member");
        }
        if (segments is [_, _, _, "activities", var replyTo] && !activities.ContainsKey(replyTo))
            return NotFound("ActivityNotFoundInConversation", "Unknown activity.");
        if (request.Method == "PUT" && segments is [_, _, _, "activities", var activityId])
            return Results.Json(new { id = activityId });
        if (request.Method == "POST" && segments is [_, _, _, "activities", ..])
        {
            var id = "1:" + Interlocked.Increment(ref _ids).ToString(System.Globalization.CultureInfo.InvariantCulture);
            activities[id] = 0;
            return Results.Json(new { id }, statusCode: 201);
        }
        return Results.Json(new { error = new { code = "BadSyntax", message = "not faked: " + path } }, statusCode: 400);
    }

    private static IResult NotFound(string code, string message) => Results.Json(new { error = new { code, message } }, statusCode: StatusCodes.Status404NotFound);
}
