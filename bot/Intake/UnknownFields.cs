using System.Text.Json;

namespace LeadBot.Intake;

/// <summary>
/// Fields LeadBot does not know, kept as attributes instead of refusing the lead: a marketing system that adds a field
/// to its webhook must not silently stop every lead. Each one is named in the answer's warnings, so a typo ("emial")
/// is still seen. <c>Intake:RejectUnknownFields=true</c> turns them back into errors.
/// </summary>
internal static class UnknownFields
{
    public static Dictionary<string, string>? Keep(LeadInput input, Dictionary<string, string>? attributes, List<string> warnings)
    {
        var unknown = (input.Unknown ?? []).Select(u => (Name: u.Key, u.Value))
            .Concat((input.Company?.Unknown ?? []).Select(u => (Name: "company." + u.Key, u.Value)));
        foreach (var (name, value) in unknown)
        {
            var text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() ?? "",
                JsonValueKind.Null => null,
                _ => value.GetRawText(),
            };
            if (text is null) warnings.Add($"{name}: not a LeadBot field; ignored (null).");
            else if (attributes?.ContainsKey(name) == true) warnings.Add($"{name}: not a LeadBot field, and attributes.{name} is set as well; ignored.");
            else if ((attributes?.Count ?? 0) >= LeadValidator.MaxAttributes) warnings.Add($"{name}: not a LeadBot field; not kept, the lead already has {LeadValidator.MaxAttributes} attributes.");
            else if (text.Length > LeadValidator.MaxText) warnings.Add($"{name}: not a LeadBot field; not kept, its value is longer than {LeadValidator.MaxText} characters.");
            else
            {
                (attributes ??= [])[name] = text;
                warnings.Add($"{name}: not a LeadBot field; kept as attributes.{name}.");
            }
        }
        return attributes;
    }
}
