using System.Net;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Legal;

/// <summary>/privacy and /terms, which the Teams manifest links to: public, from a file, inline text, or a default.</summary>
public sealed class LegalPagesTests
{
    [Theory]
    [InlineData("/privacy", "Privacy statement", "What LeadBot stores")]
    [InlineData("/terms", "Terms of use", "No warranty")]
    public async Task WithNothingConfigured_ADefaultPageIsServedToAnyone(string path, string title, string section)
    {
        using var app = new LeadBotApp(new() { ["Legal:Operator"] = "Contoso <Ltd>" });

        var response = await app.CreateClient().GetAsync(path); // no API key: these pages are public

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<h2>{section}</h2>", html, StringComparison.Ordinal);
        Assert.Contains("Contoso &lt;Ltd&gt;", html, StringComparison.Ordinal); // the operator's name, escaped
    }

    [Fact]
    public async Task AFile_WinsOverInlineText_AndItsMarkupIsEscaped()
    {
        using var app = new LeadBotApp(new() { ["Legal:TermsText"] = "inline terms" });
        var file = Path.Combine(app.Folder, "privacy.md");
        await File.WriteAllTextAsync(file, "# Data\n\nWe keep <b>leads</b> for 90 days.\nThen we erase them.");
        using var withFile = new LeadBotApp(new() { ["Legal:PrivacyFile"] = file, ["Legal:PrivacyText"] = "not this" });

        var privacy = await withFile.CreateClient().GetStringAsync("/privacy");
        var terms = await app.CreateClient().GetStringAsync("/terms");

        Assert.Contains("<h2>Data</h2><p>We keep &lt;b&gt;leads&lt;/b&gt; for 90 days.<br>Then we erase them.</p>", privacy, StringComparison.Ordinal);
        Assert.DoesNotContain("not this", privacy, StringComparison.Ordinal);
        Assert.Contains("<p>inline terms</p>", terms, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFile_StopsTheBotAtStart_WithTheKeyNamed()
    {
        using var app = new LeadBotApp(new() { ["Legal:TermsFile"] = "/nowhere/terms.md" });

        var error = app.FailsToStart<Microsoft.Extensions.Options.OptionsValidationException>();

        Assert.Contains("Legal:TermsFile '/nowhere/terms.md' does not exist (relative paths start at the bot's folder).", error.Failures);
    }
}
