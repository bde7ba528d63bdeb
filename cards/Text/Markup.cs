using System.Text;

namespace LeadBot.Cards.Text;

/// <summary>
/// Turns data (lead fields, names, comments) into text that renders literally and pings nobody.
/// Every string that did not come from this library goes through one of these before it reaches a card.
/// </summary>
internal static class Markup
{
    const char Zw = TextFormat.ZeroWidthSpace;

    /// <summary>
    /// Adaptive Card TextBlock/Fact text. Markdown control characters get a backslash (CommonMark escapes),
    /// "&lt;at&gt;"-like tags, "${" (templating) and "{{" (DATE/TIME functions) get a zero-width space
    /// so data can never become a mention, a template expression or a date function.
    /// </summary>
    public static string Teams(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        var lineStart = true;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var next = i + 1 < value.Length ? value[i + 1] : '\0';
            switch (c)
            {
                case '\\' or '*' or '_' or '[' or ']' or '`' or '~':
                    sb.Append('\\').Append(c);
                    break;
                // Block markers only count at the start of a line (and lists only before a space), so "+44 20…" keeps its look.
                case '>' when lineStart:
                case '#' when lineStart && next is ' ' or '#':
                case '-' or '+' when lineStart && next is ' ' or '-' or '+':
                    sb.Append('\\').Append(c);
                    break;
                case '<' when StartsTag(next):
                    sb.Append(c).Append(Zw);
                    break;
                case '$' or '{' when next == '{':
                    sb.Append(c).Append(Zw);
                    break;
                case '&' when char.IsLetter(next) || next == '#':
                    // "&lt;at&gt;" would otherwise be decoded by markdown into the text of a tag.
                    sb.Append('\\').Append(c);
                    break;
                case '.' or ')' when IsListNumber(sb):
                    sb.Append('\\').Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
            lineStart = c == '\n' || (lineStart && c == ' ');
        }
        return sb.ToString();
    }

    /// <summary>
    /// Slack mrkdwn. Only &amp;, &lt;, &gt; are control characters to Slack (so mentions and links are impossible once escaped);
    /// mrkdwn has no escape for *, _, ~ and `, so a zero-width space on each side keeps them from pairing into formatting.
    /// </summary>
    public static string Mrkdwn(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '*' or '_' or '~' or '`': sb.Append(Zw).Append(c).Append(Zw); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// Slack plain_text renders markup literally already; the zero-width space after a "&lt;" that opens
    /// a Slack token is belt and braces in case a client ever parses it.
    /// </summary>
    public static string SlackPlain(string value)
    {
        var sb = new StringBuilder(value.Length + 4);
        for (var i = 0; i < value.Length; i++)
        {
            sb.Append(value[i]);
            if (value[i] == '<' && i + 1 < value.Length && StartsTag(value[i + 1])) sb.Append(Zw);
        }
        return sb.ToString();
    }

    /// <summary>For Adaptive Card strings that are not markdown (alt text, ids): only the template and date-function openers are broken.</summary>
    public static string NoTemplate(string value) =>
        value.Replace("${", "$" + Zw + "{", StringComparison.Ordinal).Replace("{{", "{" + Zw + "{", StringComparison.Ordinal);

    /// <summary>Removes what was added for safety, to compare the rendered text with the original data in tests and fallbacks.</summary>
    public static string Visible(string rendered) => rendered.Replace(Zw.ToString(), "", StringComparison.Ordinal);

    static bool StartsTag(char next) => char.IsLetter(next) || next is '/' or '!' or '@' or '#' or '?';

    // "1. " at the start of a line would become an ordered list.
    static bool IsListNumber(StringBuilder sb)
    {
        var i = sb.Length - 1;
        while (i >= 0 && char.IsAsciiDigit(sb[i])) i--;
        return i < sb.Length - 1 && (i < 0 || sb[i] == '\n');
    }
}
