using System.Globalization;

namespace LeadBot.Cards.Text;

/// <summary>What a card says about a lead, decided once for both formats. Values here are raw data; each format escapes them.</summary>
internal static class LeadSummary
{
    public static string? ContactName(LeadView lead) => TextFormat.Line($"{lead.FirstName} {lead.LastName}");

    /// <summary>The most specific thing the channel may see: the contact's name, else the company, else the lead id.</summary>
    public static string Headline(LeadView lead, ChannelFields fields)
    {
        if (fields.Shows(LeadFields.Name) && ContactName(lead) is { } name) return name;
        if (fields.Shows(LeadFields.Company) && TextFormat.Line(lead.CompanyName) is { } company) return company;
        return "Lead " + (TextFormat.Line(lead.LeadId) ?? "?");
    }

    /// <summary>"Title at Company" under a name headline; just the title when the headline already is the company.</summary>
    public static string? Subline(LeadView lead, ChannelFields fields)
    {
        var title = fields.Shows(LeadFields.Title) ? TextFormat.Line(lead.Title) : null;
        var company = fields.Shows(LeadFields.Company) ? TextFormat.Line(lead.CompanyName) : null;
        var headlineIsName = fields.Shows(LeadFields.Name) && ContactName(lead) is not null;
        if (!headlineIsName) company = null;
        return (title, company) switch
        {
            (null, null) => null,
            ({ } t, null) => t,
            (null, { } c) => c,
            ({ } t, { } c) => $"{t} at {c}",
        };
    }

    /// <summary>Label/value pairs the allowlist lets through, missing values left out so no empty fact shows.</summary>
    public static IReadOnlyList<(string Label, string Value)> Facts(LeadView lead, ChannelFields fields)
    {
        var facts = new List<(string, string)>();
        void Add(string field, string label, string? value)
        {
            if (fields.Shows(field) && TextFormat.Line(value) is { } v) facts.Add((label, v));
        }
        Add(LeadFields.Company, "Company", lead.CompanyName);
        Add(LeadFields.Domain, "Website", lead.CompanyDomain);
        Add(LeadFields.Industry, "Industry", lead.Industry);
        Add(LeadFields.Size, "Size", lead.Employees is { } e ? Size(e) : null);
        Add(LeadFields.Country, "Country", lead.Country);
        Add(LeadFields.Region, "Region", lead.Region);
        Add(LeadFields.Score, "Score", lead.Score?.ToString(CultureInfo.InvariantCulture));
        Add(LeadFields.Source, "Source", lead.Source);
        Add(LeadFields.Campaign, "Campaign", lead.Campaign);
        Add(LeadFields.Email, "Email", lead.Email);
        Add(LeadFields.Phone, "Phone", lead.Phone);
        return facts;
    }

    public static string Size(int employees) => employees == 1 ? "1 employee" : TextFormat.Number(employees) + " employees";

    public static string? Qualified(LeadView lead, DateTimeOffset now) =>
        lead.QualifiedAt is { } at ? "Qualified " + TextFormat.Ago(at, now) + (lead.AgreementVersion is { } v ? $" · agreement v{v}" : "") : null;

    /// <summary>Reasons worth showing, at most <paramref name="max"/>, plus how many were left out.</summary>
    public static (IReadOnlyList<string> Shown, int Hidden) Reasons(LeadView lead, int max)
    {
        var all = (lead.QualificationReasons ?? []).Select(TextFormat.Line).OfType<string>().ToList();
        return (all.Take(max).ToList(), Math.Max(0, all.Count - max));
    }

    /// <summary>Lifecycle state for display: the outcome label when there is one, else the state name capitalised.</summary>
    public static string State(string? state) => TextFormat.Line(state) switch
    {
        null => "Unknown",
        var s when Outcomes.IsValid(s) => Outcomes.Label(s),
        var s => char.ToUpperInvariant(s[0]) + s[1..],
    };
}
