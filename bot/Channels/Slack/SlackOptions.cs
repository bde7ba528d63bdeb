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

    /// <summary>
    /// Basic Information → App Credentials → App ID (A…). When set, requests for any other app are refused (403): a
    /// signing secret leaked from, or shared with, another app then cannot drive this one.
    /// </summary>
    public string? AppId { get; set; }

    /// <summary>
    /// The workspace (T…) or Enterprise Grid organisation (E…) the bot serves. When set, requests from any other workspace
    /// are refused (403): a distributed app installed elsewhere signs with the same secret.
    /// </summary>
    public string? TeamId { get; set; }

    /// <summary>Web API base; only tests point it elsewhere (a local fake Slack). https, unless it is this machine.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>
    /// Spacing of chat.postMessage per channel. Slack allows about one message per second per channel (short bursts
    /// beyond that are tolerated, sustained ones answered 429); only a local fake Slack should get a shorter one.
    /// </summary>
    public TimeSpan PostInterval { get; set; } = TimeSpan.FromSeconds(1);

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
        else if (uri.Scheme == "http" && !uri.IsLoopback)
            errors.Add($"Slack:ApiBaseUrl must be https (was '{o.ApiBaseUrl}'): the bot token travels with every call. Plain http is for a local fake Slack on this machine only.");
        else if (!o.ApiBaseUrl.EndsWith('/'))
            errors.Add("Slack:ApiBaseUrl must end with '/' so method names are appended to it (https://slack.com/api/).");
        if (o.AppId is { Length: > 0 } app && !Id('A', app))
            errors.Add($"Slack:AppId '{app}' is not a Slack app id (A followed by letters and digits, Basic Information → App ID).");
        if (o.TeamId is { Length: > 0 } team && !Id('T', team) && !Id('E', team))
            errors.Add($"Slack:TeamId '{team}' is not a Slack workspace id (T…) or Enterprise Grid id (E…).");
        if (o.PostInterval < TimeSpan.Zero) errors.Add($"Slack:PostInterval must not be negative (was {o.PostInterval}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool Id(char first, string id) => id.Length > 1 && id[0] == first && id.Skip(1).All(char.IsAsciiLetterOrDigit);
}
