using System.Text.Json;
using System.Text.RegularExpressions;
using LeadBot.Leads;

namespace LeadBot.Storage;

/// <summary>
/// Finds a person's values (email, names, phone, company name and domain, external id) in text stored about their lead.
/// Matches are whole words, case-insensitive, so "Ann" is found in "Ann said no" but not in "Annual budget".
/// Both stores apply it to what they rewrite on erasure, so LiteDB and PostgreSQL redact exactly the same way.
/// </summary>
public sealed class Redactor
{
    /// <summary>What replaces personal text.</summary>
    public const string Erased = "[erased]";

    private readonly Regex? _values;

    public Redactor(IEnumerable<string?> values)
    {
        // Longest first, so "Ingrid Larsen" is replaced whole rather than as two names. One letter is no identifier.
        var words = values.OfType<string>().Select(v => v.Trim()).Where(v => v.Length >= 2)
            .SelectMany(v => new[] { v, JsonForm(v) }).Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(v => v.Length).ToList();
        Values = words;
        if (words.Count > 0)
            _values = new Regex(@"(?<![\p{L}\p{N}])(?:" + string.Join("|", words.Select(Regex.Escape)) + @")(?![\p{L}\p{N}])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>The person's values of every lead given, as they may appear in text.</summary>
    public static Redactor For(IEnumerable<Lead> leads) => new(leads.SelectMany(PersonalValues));

    public static IEnumerable<string?> PersonalValues(Lead lead)
    {
        yield return lead.Email;
        // Parts of the address name the person ("ingrid.larsen") and their company ("nordwind.example", as in "business email (…)").
        if (lead.Email?.Split('@') is [{ Length: >= 4 } local, ..]) yield return local;
        if (lead.Email?.Split('@') is [_, { Length: >= 4 } domain]) yield return domain;
        yield return lead.FirstName;
        yield return lead.LastName;
        if (lead.FirstName is not null && lead.LastName is not null) yield return lead.FirstName.Trim() + " " + lead.LastName.Trim();
        yield return lead.Phone;
        yield return lead.Company?.Name;
        yield return lead.Company?.Domain;
        // A short external id ("42") would match unrelated numbers; a long one is an identifier worth removing.
        if (lead.ExternalId.Trim() is { Length: >= 4 } external) yield return external;
    }

    public IReadOnlyList<string> Values { get; }

    public bool Mentions(string? text) => text is not null && _values is not null && _values.IsMatch(text);

    /// <summary>A comment a person wrote: kept whole when it quotes none of the values, otherwise erased whole.</summary>
    public string? Comment(string? text) => Mentions(text) ? Erased : text;

    /// <summary>Machine text (a message payload, an error): each value replaced where it stands, the rest kept readable.</summary>
    public string? Scrub(string? text) => text is null || _values is null ? text : _values.Replace(text, Erased);

    public LeadComment Apply(LeadComment comment) => comment with { Comment = Comment(comment.Comment)!, LeadLabel = Erased };

    public OutboxMessage Apply(OutboxMessage message) => message with { Payload = Scrub(message.Payload), LastError = Scrub(message.LastError) };

    /// <summary>How the value reads inside stored JSON (quotes, backslashes and non-ASCII escaped).</summary>
    private static string JsonForm(string value) => JsonSerializer.Serialize(value, StoreJson.Options)[1..^1];
}
