namespace LeadBot.Intake.Mappings;

/// <summary>
/// The two formats marketing and CRM systems already send, as mappings. Source paths follow the published formats:
/// a HubSpot workflow "Send a webhook" action posts the enrolled contact as the contacts API returns it (HubSpot,
/// "Using webhooks in workflows": properties keyed by internal name, each with its current <c>value</c>); Salesforce
/// Outbound Messaging posts a SOAP <c>notifications</c> message (namespace http://soap.sforce.com/2005/09/outbound)
/// holding up to 100 <c>Notification</c>s, each with the record's selected fields in <c>sObject</c>, and waits for a
/// <c>notificationsResponse</c> with <c>Ack</c> true (Salesforce SOAP API guide, "Understanding the Outbound Messaging WSDL").
/// Where a field has no standard property (region, a lead score in Salesforce) the preset names a common custom one;
/// a configured mapping with "Preset" adds or overrides paths.
/// </summary>
public static class MappingPresets
{
    public const string HubSpot = "hubspot";
    public const string Salesforce = "salesforce";

    public static readonly IReadOnlyDictionary<string, ResolvedMapping> All = new Dictionary<string, ResolvedMapping>(StringComparer.OrdinalIgnoreCase)
    {
        [HubSpot] = new(HubSpot, Records: null,
            Fields:
            [
                ("canonical-vid", "externalId"), ("vid", "externalId"), ("objectId", "externalId"),
                ("properties.email.value", "email"), ("properties.firstname.value", "firstName"), ("properties.lastname.value", "lastName"),
                ("properties.jobtitle.value", "title"), ("properties.phone.value", "phone"), ("properties.mobilephone.value", "phone"),
                ("properties.company.value", "company.name"), ("properties.industry.value", "company.industry"),
                ("properties.numemployees.value", "company.employees"), ("properties.country.value", "company.country"),
                ("properties.region.value", "company.region"), ("properties.hubspotscore.value", "score"),
                ("properties.hs_lifecyclestage_marketingqualifiedlead_date.value", "qualifiedAt"),
                ("properties.hs_analytics_source.value", "attributes.hs_analytics_source"),
            ],
            Fixed: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["source"] = HubSpot },
            Transforms: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["email"] = "lowercase", ["score"] = "number", ["company.employees"] = "number", ["qualifiedAt"] = "epoch-ms",
            },
            Answer: null),
        [Salesforce] = new(Salesforce, Records: "Envelope.Body.notifications.Notification",
            Fields:
            [
                ("sObject.Id", "externalId"), ("sObject.Email", "email"), ("sObject.FirstName", "firstName"), ("sObject.LastName", "lastName"),
                ("sObject.Title", "title"), ("sObject.Phone", "phone"), ("sObject.MobilePhone", "phone"),
                ("sObject.Company", "company.name"), ("sObject.Website", "company.domain"), ("sObject.Industry", "company.industry"),
                ("sObject.NumberOfEmployees", "company.employees"), ("sObject.CountryCode", "company.country"), ("sObject.Country", "company.country"),
                ("sObject.Region__c", "company.region"), ("sObject.Lead_Score__c", "score"), ("sObject.Description", "notes"),
                ("sObject.LeadSource", "attributes.leadSource"),
            ],
            Fixed: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["source"] = Salesforce },
            Transforms: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["email"] = "lowercase", ["score"] = "number", ["company.employees"] = "number",
            },
            Answer: MappingTargets.SalesforceAck),
    };
}

/// <summary>A mapping ready to apply: paths in the order they are tried (for one field, the first with a value wins).</summary>
public sealed record ResolvedMapping(
    string Name, string? Records, IReadOnlyList<(string Path, string Target)> Fields,
    IReadOnlyDictionary<string, string> Fixed, IReadOnlyDictionary<string, string> Transforms, string? Answer)
{
    /// <summary>A configured mapping on top of its preset (if any): its own paths are tried first, its fixed values and transforms win.</summary>
    public static ResolvedMapping From(string name, IntakeMapping m)
    {
        var preset = m.Preset is { } p && MappingPresets.All.TryGetValue(p, out var found) ? found : null;
        var own = m.Fields.Select(f => (Path: f.Key, Target: f.Value)).ToList();
        var fields = own.Concat((preset?.Fields ?? []).Where(f => !m.Fields.ContainsKey(f.Path))).ToList();
        var fixedValues = new Dictionary<string, string>(preset?.Fixed ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in m.Fixed) fixedValues[k] = v;
        var transforms = new Dictionary<string, string>(preset?.Transforms ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in m.Transforms) transforms[k] = v;
        return new ResolvedMapping(name, m.Records ?? preset?.Records, fields, fixedValues, transforms, m.Answer ?? preset?.Answer);
    }
}
