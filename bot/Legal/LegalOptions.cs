using Microsoft.Extensions.Options;

namespace LeadBot.Legal;

/// <summary>
/// The privacy statement and terms of use that the Teams manifest links to (/privacy, /terms). Each comes from a file
/// (Markdown-ish plain text: blank lines separate paragraphs, "# " starts a heading), from inline text, or, with neither,
/// from a default that says what LeadBot stores and who operates it.
/// </summary>
public sealed class LegalOptions
{
    public const string Section = "Legal";

    /// <summary>Who runs this LeadBot and answers for its data, e.g. "Contoso Ltd., privacy@contoso.com".</summary>
    public string Operator { get; set; } = "";
    public string? PrivacyFile { get; set; }
    public string? PrivacyText { get; set; }
    public string? TermsFile { get; set; }
    public string? TermsText { get; set; }
}

internal sealed class LegalOptionsValidator : IValidateOptions<LegalOptions>
{
    public ValidateOptionsResult Validate(string? name, LegalOptions o)
    {
        var errors = new List<string>();
        foreach (var (key, file) in new[] { ("Legal:PrivacyFile", o.PrivacyFile), ("Legal:TermsFile", o.TermsFile) })
            if (!string.IsNullOrWhiteSpace(file) && !File.Exists(file)) errors.Add($"{key} '{file}' does not exist (relative paths start at the bot's folder).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
