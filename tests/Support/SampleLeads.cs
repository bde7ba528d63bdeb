namespace LeadBot.Tests.Support;

/// <summary>Leads shaped to hit the example routing in appsettings.json.</summary>
public static class SampleLeads
{
    public static Dictionary<string, object?> Emea(string externalId = "emea-1", int score = 86) => new()
    {
        ["source"] = "hubspot", ["externalId"] = externalId, ["email"] = $"{externalId}@nordwind.example",
        ["firstName"] = "Ingrid", ["lastName"] = "Larsen", ["title"] = "Head of Operations", ["phone"] = "+47 22 12 34 56",
        ["company"] = new Dictionary<string, object?> { ["name"] = "Nordwind Logistics", ["industry"] = "Logistics", ["employees"] = 850, ["country"] = "NO", ["region"] = "EMEA" },
        ["score"] = score, ["campaign"] = "Webinar Q4",
    };

    public static Dictionary<string, object?> NorthAmerica(string externalId = "na-1") => new()
    {
        ["source"] = "marketo", ["externalId"] = externalId, ["email"] = $"{externalId}@brightpath.example",
        ["firstName"] = "Maeve", ["lastName"] = "O'Connor",
        ["company"] = new Dictionary<string, object?> { ["name"] = "BrightPath Health", ["industry"] = "Healthcare", ["employees"] = 2300, ["country"] = "US", ["region"] = "NA" },
        ["score"] = 91, ["campaign"] = "Healthcare Ebook",
    };

    /// <summary>A company of 8,000 people: the Enterprise team's (claim mode, its own channel).</summary>
    public static Dictionary<string, object?> Enterprise(string externalId = "ent-1") => new()
    {
        ["source"] = "salesforce", ["externalId"] = externalId, ["email"] = $"{externalId}@globex.example",
        ["firstName"] = "Hank", ["lastName"] = "Scorpio",
        ["company"] = new Dictionary<string, object?> { ["name"] = "Globex", ["industry"] = "Software", ["employees"] = 8000, ["country"] = "US", ["region"] = "NA" },
        ["score"] = 88,
    };

    public static Dictionary<string, object?> Nurture(string externalId = "nurture-1") => new()
    {
        ["source"] = "hubspot", ["externalId"] = externalId, ["email"] = "bob@gmail.com",
        ["company"] = new Dictionary<string, object?> { ["name"] = "Bob's Garage", ["industry"] = "Automotive", ["employees"] = 4, ["region"] = "NA" },
        ["score"] = 35,
    };

    public const string EmeaRep = "anna.schmidt@contoso.com";
    public const string EmeaRep2 = "luca.rossi@contoso.com";
    public const string EmeaManager = "marta.novak@contoso.com";
}
