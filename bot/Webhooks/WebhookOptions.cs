using Microsoft.Extensions.Options;

namespace LeadBot.Webhooks;

/// <summary>One receiver of lead events: where to POST, the secret that signs each body, and the event types it wants.</summary>
public sealed class WebhookEndpoint
{
    public string Url { get; set; } = "";
    public string Secret { get; set; } = "";
    public List<string> Events { get; set; } = [];
    /// <summary>How long one POST may take; a receiver slower than this is treated as failed and tried again later.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Wants(string type) => Events.Contains(type, StringComparer.OrdinalIgnoreCase);
}

/// <summary>The <c>Webhooks</c> configuration list. Retries and parking follow <c>Delivery</c> like every outbox message.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    public List<WebhookEndpoint> Endpoints { get; set; } = [];

    public WebhookEndpoint? Find(string url) => Endpoints.FirstOrDefault(e => string.Equals(e.Url, url, StringComparison.Ordinal));
}

internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public const int MinSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, WebhookOptions o)
    {
        var errors = new List<string>();
        for (var i = 0; i < o.Endpoints.Count; i++)
        {
            var e = o.Endpoints[i];
            var key = $"Webhooks:{i}";
            if (!Uri.TryCreate(e.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                errors.Add($"{key}:Url must be an absolute https URL (was '{e.Url}').");
            // Lead events leave the machine signed but not encrypted unless the transport is: plain http only to this machine.
            else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
                errors.Add($"{key}:Url must use https; plain http is allowed only to this machine (localhost, 127.0.0.1, [::1]) (was '{e.Url}').");
            if (e.Secret.Trim().Length < MinSecretLength)
                errors.Add($"{key}:Secret must be at least {MinSecretLength} characters: receivers check each body's signature with it.");
            if (e.Events.Count == 0)
                errors.Add($"{key}:Events must list the events to send, e.g. [\"lead.accepted\", \"lead.rejected\"]; known: {string.Join(", ", WebhookEventTypes.All)}.");
            foreach (var unknown in e.Events.Where(t => !WebhookEventTypes.All.Contains(t, StringComparer.OrdinalIgnoreCase)))
                errors.Add($"{key}:Events has '{unknown}', which is not an event LeadBot sends; known: {string.Join(", ", WebhookEventTypes.All)}.");
            if (e.Timeout <= TimeSpan.Zero || e.Timeout > TimeSpan.FromMinutes(1))
                errors.Add($"{key}:Timeout must be between 00:00:00.001 and 00:01:00 (was {e.Timeout}).");
        }
        foreach (var twice in o.Endpoints.GroupBy(e => e.Url, StringComparer.Ordinal).Where(g => g.Count() > 1 && g.Key.Length > 0))
            errors.Add($"Webhooks lists {twice.Key} {twice.Count()} times; list each URL once with every event it wants.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
