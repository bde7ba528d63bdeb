using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using LeadBot.Leads;

namespace LeadBot.Intake;

/// <summary>Turns one input into a lead, or into every field error at once (never just the first).</summary>
public static class LeadValidator
{
    public const int MaxText = 500, MaxNotes = 10_000, MaxAttributes = 50;

    /// <param name="rejectUnknown">Intake:RejectUnknownFields: an unknown field is an error instead of an attribute.</param>
    /// <param name="warnings">Receives what was accepted but not as sent (unknown fields kept as attributes, or dropped).</param>
    public static (Lead? Lead, Dictionary<string, string[]> Errors) Validate(LeadInput input, DateTimeOffset now, bool rejectUnknown = true, List<string>? warnings = null)
    {
        var errors = new Dictionary<string, List<string>>();
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }
        string? Text(string field, string? value, int max = MaxText)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            var v = value.Trim();
            if (v.Length > max) Error(field, $"must be at most {max} characters (was {v.Length}).");
            if (v.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t')) Error(field, "must not contain control characters.");
            return v;
        }

        var source = Text("source", input.Source, 100);
        if (source is null) Error("source", "is required: the system the lead comes from, e.g. hubspot.");
        var externalId = Text("externalId", input.ExternalId, 200);
        if (externalId is null) Error("externalId", "is required: the lead's id in the source system.");
        var email = Text("email", input.Email, 254);
        var phone = Text("phone", input.Phone, 50);
        if (email is null && phone is null) Error("email", "is required unless a phone number is given.");
        if (email is not null && !IsEmail(email)) Error("email", $"'{email}' is not an email address.");
        if (phone is not null && phone.Count(char.IsDigit) < 5) Error("phone", $"'{phone}' does not look like a phone number.");

        var score = Integer("score", input.Score, Error);
        if (score is < 0 or > 100) Error("score", $"must be between 0 and 100 (was {score}).");

        Company? company = null;
        if (input.Company is { } c)
        {
            var employees = Integer("company.employees", c.Employees, Error);
            if (employees < 0) Error("company.employees", "cannot be negative.");
            company = new Company
            {
                Name = Text("company.name", c.Name), Domain = Text("company.domain", c.Domain, 253),
                Industry = Text("company.industry", c.Industry, 100), Employees = employees,
                Country = Text("company.country", c.Country, 100), Region = Text("company.region", c.Region, 100),
            };
            if (rejectUnknown)
                foreach (var key in c.Unknown?.Keys ?? Enumerable.Empty<string>()) Error("company." + key, "is not a known company field.");
        }

        DateTimeOffset? qualifiedAt = null;
        if (input.QualifiedAt is { ValueKind: not JsonValueKind.Null } q)
        {
            if (q.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(q.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                qualifiedAt = at;
                if (at > now.AddDays(1)) Error("qualifiedAt", "is in the future.");
            }
            else Error("qualifiedAt", "must be an ISO 8601 date and time, e.g. 2026-11-29T09:30:00Z.");
        }

        Dictionary<string, string>? attributes = null;
        if (input.Attributes is { Count: > 0 } attrs)
        {
            if (attrs.Count > MaxAttributes) Error("attributes", $"may hold at most {MaxAttributes} entries.");
            attributes = [];
            foreach (var (key, value) in attrs)
            {
                if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) Error($"attributes.{key}", "must be a string, number or boolean.");
                else attributes[key] = value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
            }
        }
        if (rejectUnknown)
            foreach (var key in input.Unknown?.Keys ?? Enumerable.Empty<string>()) Error(key, "is not a known lead field (see docs/sample-leads.json).");
        else
            attributes = UnknownFields.Keep(input, attributes, warnings ?? []);

        var firstName = Text("firstName", input.FirstName, 100);
        var lastName = Text("lastName", input.LastName, 100);
        var title = Text("title", input.Title, 200);
        var campaign = Text("campaign", input.Campaign, 200);
        var notes = Text("notes", input.Notes, MaxNotes);
        if (errors.Count > 0) return (null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

        return (new Lead
        {
            Id = LeadId.New(now), Source = source!, ExternalId = externalId!, Email = email, Phone = phone,
            FirstName = firstName, LastName = lastName, Title = title,
            Company = company, Score = score, Campaign = campaign, QualifiedAt = qualifiedAt, Notes = notes,
            Attributes = attributes, ReceivedAt = now, UpdatedAt = now,
        }, []);
    }

    private static int? Integer(string field, JsonElement? element, Action<string, string> error)
    {
        if (element is not { } e || e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n)) return n;
        if (e.ValueKind == JsonValueKind.String && int.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)) return s;
        if (e.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(e.GetString())) return null;
        error(field, $"must be a whole number (was {e.GetRawText()}).");
        return null;
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.LastIndexOf('@') is var at && value.IndexOf('.', at) > at;
}
