using Microsoft.Extensions.Options;

namespace LeadBot.Channels.Slack;

/// <summary>Slack app credentials. No signing secret means Slack is off: its endpoints answer 404 and nothing is sent to Slack.</summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";
    public const string DefaultApiBaseUrl = "https://slack.com/api/";

    /// <summary>Basic Information → Signing Secret; verifies that requests come from Slack.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>OAuth &amp; Permissions → Bot User OAuth Token (xoxb-…).</summary>
    public string? BotToken { get; set; }

    /// <summary>Web API base; only tests point it elsewhere (a local fake Slack).</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    public bool Enabled => !string.IsNullOrWhiteSpace(SigningSecret);
}

internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions o)
    {
        if (!o.Enabled) return ValidateOptionsResult.Success;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.BotToken))
            errors.Add("Slack:BotToken is required when Slack:SigningSecret is set (OAuth & Permissions → Bot User OAuth Token, xoxb-…).");
        else if (o.BotToken.StartsWith("xoxp-", StringComparison.Ordinal))
            errors.Add("Slack:BotToken is a user token (xoxp-…); LeadBot needs the bot token (xoxb-…).");
        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            errors.Add($"Slack:ApiBaseUrl must be an absolute http(s) URL (was '{o.ApiBaseUrl}').");
        else if (!o.ApiBaseUrl.EndsWith('/'))
            errors.Add("Slack:ApiBaseUrl must end with '/' so method names are appended to it (https://slack.com/api/).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
