using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace LeadBot.Intake;

/// <summary>
/// Reads <c>text/csv</c> intake: a header row with the JSON field names, nested ones dotted
/// (<c>company.name</c>, <c>attributes.utm_source</c>), one lead per row. A column LeadBot does not know is read like
/// an unknown JSON field (<see cref="UnknownFields"/>): kept as an attribute with a warning, so an export that gains a
/// column keeps flowing.
/// </summary>
public static class CsvLeads
{
    private static readonly string[] Top = ["source", "externalId", "email", "firstName", "lastName", "title", "phone", "score", "campaign", "qualifiedAt", "notes"];
    private static readonly string[] CompanyFields = ["name", "domain", "industry", "employees", "country", "region"];

    public sealed class CsvFormatException(string message) : Exception(message);

    public static async Task<List<LeadInput>> ReadAsync(Stream body, int maxRows, CancellationToken ct)
    {
        using var reader = new StreamReader(body);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            DetectDelimiter = true,
            BadDataFound = null,
            MissingFieldFound = null,
        };
        using var csv = new CsvReader(reader, config);
        try
        {
            if (!await csv.ReadAsync() || !csv.ReadHeader()) throw new CsvFormatException("The CSV is empty: it needs a header row and one row per lead.");
            var header = csv.HeaderRecord ?? [];
            if (header.Any(string.IsNullOrWhiteSpace)) throw new CsvFormatException("Every column needs a name in the header row.");
            var rows = new List<LeadInput>();
            while (await csv.ReadAsync())
            {
                ct.ThrowIfCancellationRequested();
                if (rows.Count == maxRows) throw new CsvFormatException($"At most {maxRows} leads per request.");
                rows.Add(Row(header, h => csv.GetField(h)));
            }
            return rows;
        }
        catch (CsvHelperException e)
        {
            throw new CsvFormatException($"The CSV could not be read at row {e.Context?.Parser?.Row}: {e.Message.Split('\n')[0]}");
        }
    }

    private static bool Known(string h) =>
        Top.Contains(h, StringComparer.OrdinalIgnoreCase)
        || (h.StartsWith("company.", StringComparison.OrdinalIgnoreCase) && CompanyFields.Contains(h[8..], StringComparer.OrdinalIgnoreCase))
        || (h.StartsWith("attributes.", StringComparison.OrdinalIgnoreCase) && h.Length > 11);

    private static LeadInput Row(string[] header, Func<string, string?> get)
    {
        string? Get(string name) => header.FirstOrDefault(h => h.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } h && get(h) is { Length: > 0 } v ? v : null;
        JsonElement? Raw(string name) => Get(name) is { } v ? JsonSerializer.SerializeToElement(v) : null;
        var hasCompany = header.Any(IsCompany);
        var attributes = Values(header.Where(h => h.StartsWith("attributes.", StringComparison.OrdinalIgnoreCase)), h => h[11..], get);
        var unknown = header.Where(h => !Known(h)).ToList();
        var unknownTop = Values(unknown.Where(h => !IsCompany(h)), h => h, get);
        var unknownCompany = Values(unknown.Where(IsCompany), h => h[8..], get);
        return new LeadInput
        {
            Source = Get("source"), ExternalId = Get("externalId"), Email = Get("email"), FirstName = Get("firstName"),
            LastName = Get("lastName"), Title = Get("title"), Phone = Get("phone"), Score = Raw("score"), Campaign = Get("campaign"),
            QualifiedAt = Raw("qualifiedAt"), Notes = Get("notes"),
            Company = hasCompany
                ? new CompanyInput
                {
                    Name = Get("company.name"), Domain = Get("company.domain"), Industry = Get("company.industry"),
                    Employees = Raw("company.employees"), Country = Get("company.country"), Region = Get("company.region"),
                    Unknown = unknownCompany,
                }
                : null,
            Attributes = attributes,
            Unknown = unknownTop,
        };
    }

    private static bool IsCompany(string h) => h.StartsWith("company.", StringComparison.OrdinalIgnoreCase) && h.Length > 8;

    /// <summary>The row's non-empty values of <paramref name="columns"/> by name, as JSON strings; null when there are none.</summary>
    private static Dictionary<string, JsonElement>? Values(IEnumerable<string> columns, Func<string, string> name, Func<string, string?> get)
    {
        var values = columns.Select(h => (Key: name(h), Value: get(h))).Where(a => !string.IsNullOrEmpty(a.Value))
            .GroupBy(a => a.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => JsonSerializer.SerializeToElement(g.First().Value));
        return values.Count > 0 ? values : null;
    }
}
