using LeadBot.Handoff.Delivery;
namespace LeadBot.Channels.Slack;

/// <summary>A Web API call that Slack refused (<c>ok:false</c>, HTTP 429 or 5xx), with Slack's error code.</summary>
public sealed class SlackApiException(string method, string error, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception($"Slack {method} failed: {error}", inner)
{
    // Errors a retry cannot fix: the workspace or the app has to change first (invite the bot, fix the token or scopes).
    private static readonly HashSet<string> PermanentErrors = new(StringComparer.Ordinal)
    {
        "channel_not_found", "not_in_channel", "is_archived", "invalid_auth", "not_authed", "account_inactive", "token_revoked",
        "token_expired", "missing_scope", "no_permission", "invalid_blocks", "msg_blocks_too_long", "msg_too_long", "no_text",
        "cant_update_message", "message_not_found", "edit_window_closed", "user_not_found", "users_not_found", "user_not_in_channel",
        "cannot_dm_bot", "invalid_arguments", "expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id", "view_too_large",
        "restricted_action", "ekm_access_denied", "team_access_not_granted", "not_allowed_token_type", "invalid_json", "json_not_object",
    };

    public string Method { get; } = method;
    public string Error { get; } = error;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    public bool Permanent => PermanentErrors.Contains(Error);

    /// <summary>
    /// Slack answered and said no (ok:false, or 429): the call did nothing. A 5xx, a broken connection or an unreadable
    /// answer leave it open whether Slack acted on the call.
    /// </summary>
    public bool Refused => Error is not "connection_failed" && !Error.StartsWith("http_5", StringComparison.Ordinal)
        && !Error.StartsWith("invalid_response", StringComparison.Ordinal);

    public DeliveryException ToDelivery() => new(Message, RetryAfter, Permanent, this);
}
