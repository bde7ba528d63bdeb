using System.Globalization;
using CsvHelper;
using LeadBot.Leads;
using LeadBot.Storage;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Insights;

/// <summary>
/// A spreadsheet runs a cell that starts with = + - @ (and, in some, a tab or carriage return before one) as a formula.
/// Both exports carry text someone else typed (campaign, company), so each such cell goes out with a leading quote.
/// The lead is stored directly: the export must not count on intake having cleaned it.
/// </summary>
public sealed class CsvInjectionTests
{
    public static TheoryData<string> Dangerous() => new() { "=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1" };

    [Theory]
    [MemberData(nameof(Dangerous))]
    public async Task BothExports_QuoteACellThatWouldRunAsAFormula(string value)
    {
        using var app = InsightsScenario.App();
        var now = app.Clock.GetUtcNow();
        var lead = new Lead
        {
            Id = "L-csv", Source = "hubspot", ExternalId = "csv-1", ReceivedAt = now, OfferedAt = now, State = LeadState.Offered, Team = "EMEA",
            Campaign = value, Company = new Company { Name = value }, Email = "someone@example.com",
        };
        app.Store.Insert([new LeadChange(lead, [new LeadEvent { LeadId = lead.Id, At = now, Type = "received" }, new LeadEvent { LeadId = lead.Id, At = now, Type = "offered" }])]);

        var leads = Rows(await app.Api().GetStringAsync("/api/reports/leads.csv?period=today"));
        var feedback = Rows(await app.Api().GetStringAsync("/api/reports/feedback.csv?period=today"));

        var row = Assert.Single(leads.Skip(1));
        Assert.Equal("'" + value, row[Array.IndexOf(leads[0], "campaign")]);
        Assert.Equal("'" + value, row[Array.IndexOf(leads[0], "company")]);
        // Feedback groups by campaign in LiteDB's report documents, whose mapper trims surrounding whitespace:
        // a leading tab or carriage return may be gone there, but the cell must still start with the quote.
        var grouped = Assert.Single(feedback.Skip(1))[Array.IndexOf(feedback[0], "campaign")];
        Assert.StartsWith("'", grouped, StringComparison.Ordinal);
        Assert.Equal(value.Trim(), grouped[1..].Trim());
    }

    // The reader must keep a cell's leading tab or carriage return, or the test could not see what the export wrote.
    private static readonly CsvHelper.Configuration.CsvConfiguration Reading = new(CultureInfo.InvariantCulture) { WhiteSpaceChars = [], TrimOptions = CsvHelper.Configuration.TrimOptions.None };

    private static List<string[]> Rows(string text)
    {
        using var csv = new CsvReader(new StringReader(text), Reading);
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(Enumerable.Range(0, csv.Parser.Count).Select(i => csv.GetField(i)!).ToArray());
        return rows;
    }
}
