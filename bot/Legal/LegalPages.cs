using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LeadBot.Legal;

/// <summary>/privacy and /terms: public pages (Teams shows their links to every user who installs the app).</summary>
public static class LegalPages
{
    public static IHostApplicationBuilder AddLegal(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LegalOptions>().BindConfiguration(LegalOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LegalOptions>, LegalOptionsValidator>();
        return builder;
    }

    public static IEndpointRouteBuilder MapLegal(this IEndpointRouteBuilder app)
    {
        app.MapGet("/privacy", (IOptionsMonitor<LegalOptions> o) => Page("Privacy statement", o.CurrentValue.PrivacyFile, o.CurrentValue.PrivacyText, DefaultText.Privacy(Operator(o.CurrentValue))))
            .WithTags("Legal").AllowAnonymous();
        app.MapGet("/terms", (IOptionsMonitor<LegalOptions> o) => Page("Terms of use", o.CurrentValue.TermsFile, o.CurrentValue.TermsText, DefaultText.Terms(Operator(o.CurrentValue))))
            .WithTags("Legal").AllowAnonymous();
        return app;
    }

    private static string Operator(LegalOptions o) => string.IsNullOrWhiteSpace(o.Operator) ? "the organisation that runs this LeadBot" : o.Operator.Trim();

    private static ContentHttpResult Page(string title, string? file, string? text, string fallback)
    {
        // Read on each request: an admin can correct the file without a restart, and the pages are rarely opened.
        var body = !string.IsNullOrWhiteSpace(file) ? File.ReadAllText(file) : !string.IsNullOrWhiteSpace(text) ? text : fallback;
        return TypedResults.Content(Html(title, body), "text/html; charset=utf-8");
    }

    /// <summary>Paragraphs and "# " headings, everything escaped: the text is the operator's, never markup.</summary>
    internal static string Html(string title, string text)
    {
        var s = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        s.Append("<title>LeadBot: ").Append(WebUtility.HtmlEncode(title)).Append("</title>")
         .Append("<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#0f172a}</style></head><body>")
         .Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>");
        foreach (var block in text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var paragraph = block;
            if (block.StartsWith("# ", StringComparison.Ordinal))
            {
                var end = block.IndexOf('\n', StringComparison.Ordinal);
                s.Append("<h2>").Append(WebUtility.HtmlEncode(end < 0 ? block[2..] : block[2..end])).Append("</h2>");
                paragraph = end < 0 ? "" : block[(end + 1)..];
            }
            if (paragraph.Length > 0) s.Append("<p>").Append(WebUtility.HtmlEncode(paragraph).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        }
        return s.Append("</body></html>").ToString();
    }
}
