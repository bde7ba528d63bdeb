using System.Globalization;
using LeadBot.Leads;

namespace LeadBot.Qualification;

public sealed record QualificationResult(bool Qualified, IReadOnlyList<string> Met, IReadOnlyList<string> Failed);

/// <summary>
/// Checks a lead against the qualification rules and says why, in words a rep understands. The rules in force are the
/// agreement's (bot/Agreement), so the same check also re-runs a period's leads against a proposed change.
/// </summary>
public static class Qualifier
{
    private static readonly CultureInfo Words = CultureInfo.InvariantCulture;

    public static QualificationResult Evaluate(Lead lead, QualificationRules o)
    {
        var met = new List<string>();
        var failed = new List<string>();
        void Check(bool ok, string yes, string no) => (ok ? met : failed).Add(ok ? yes : no);

        if (lead.Score is { } score) Check(score >= o.MinScore, $"score {score} ≥ {o.MinScore}", $"score {score} < {o.MinScore}");
        else failed.Add($"no score (needs ≥ {o.MinScore})");

        var company = lead.Company;
        if (o.Industries.Count > 0)
        {
            if (company?.Industry is { Length: > 0 } industry)
                Check(Contains(o.Industries, industry), $"industry {industry} is in ICP", $"industry {industry} is not in ICP ({string.Join(", ", o.Industries)})");
            else failed.Add("industry unknown");
        }

        if (o.MinEmployees is not null || o.MaxEmployees is not null)
        {
            if (company?.Employees is { } size)
            {
                var range = Range(o.MinEmployees, o.MaxEmployees);
                if (size < o.MinEmployees) failed.Add($"{Num(size)} employees is below {Num(o.MinEmployees.Value)}");
                else if (size > o.MaxEmployees) failed.Add($"{Num(size)} employees is above {Num(o.MaxEmployees.Value)}");
                else met.Add($"{Num(size)} employees is within {range}");
            }
            else failed.Add("company size unknown");
        }

        if (o.Countries.Count > 0 || o.Regions.Count > 0)
        {
            var country = company?.Country;
            var region = company?.Region;
            if (country is { Length: > 0 } && Contains(o.Countries, country)) met.Add($"country {country} is in ICP");
            else if (region is { Length: > 0 } && Contains(o.Regions, region)) met.Add($"region {region} is in ICP");
            else if (country is null && region is null) failed.Add("country and region unknown");
            else failed.Add($"{(country is null ? $"region {region}" : $"country {country}")} is outside the ICP");
        }

        if (o.ExcludedEmailDomains.Count > 0 && lead.Email is { } email && email.LastIndexOf('@') is var at and > 0)
        {
            var domain = email[(at + 1)..];
            Check(!Contains(o.ExcludedEmailDomains, domain), $"business email ({domain})", $"email domain {domain} is excluded (free mail)");
        }

        return new QualificationResult(failed.Count == 0, met, failed);
    }

    internal static bool Contains(IEnumerable<string> list, string value) =>
        list.Any(x => string.Equals(x.Trim(), value.Trim(), StringComparison.OrdinalIgnoreCase));

    internal static string Num(int n) => n.ToString("N0", Words);

    internal static string Range(int? min, int? max) => (min, max) switch
    {
        ({ } a, { } b) => $"{Num(a)}–{Num(b)}",
        ({ } a, null) => $"{Num(a)}+",
        (null, { } b) => $"up to {Num(b)}",
        _ => "any",
    };
}
