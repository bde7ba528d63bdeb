using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadBot.Intake.Mappings;

/// <summary>
/// Applies a mapping to a posted payload: finds its records, builds each as a native lead object from the mapped paths,
/// fixed values and transforms, and hands them to the same validation as <c>POST /api/leads</c>, so a mapped lead is
/// stored exactly as if it had been posted natively. A payload whose required fields cannot be found anywhere is
/// refused whole (400) naming each field and the paths that were tried.
/// </summary>
public static class MappedBody
{
    private static readonly string[] Required = ["source", "externalId"];

    public static IntakeBody Read(JsonNode? payload, ResolvedMapping mapping)
    {
        var records = Records(payload, mapping);
        if (records is null)
            return IntakeBody.Fail(StatusCodes.Status400BadRequest, "The payload does not match the mapping",
                $"Mapping '{mapping.Name}' expects its records at {mapping.Records}; the payload has nothing there.");
        if (records.Count == 0) return IntakeBody.Fail(StatusCodes.Status400BadRequest, "No leads", $"Mapping '{mapping.Name}' found no records in the payload.");
        if (records.Count > IntakeOptions.MaxBatch)
            return IntakeBody.Fail(StatusCodes.Status400BadRequest, "Batch too large", $"At most {IntakeOptions.MaxBatch} leads per request (got {records.Count}).");

        var inputs = new List<(LeadInput?, Dictionary<string, string[]>?)>();
        var unmappable = new Dictionary<string, string[]>();
        for (var i = 0; i < records.Count; i++)
        {
            var (lead, problems) = Map(records[i], mapping);
            foreach (var (field, why) in problems) unmappable[records.Count > 1 ? $"[{i}].{field}" : field] = [why];
            inputs.Add(problems.Count == 0 ? IntakeBody.Parse(JsonSerializer.SerializeToElement(lead)) : (null, problems.ToDictionary(p => p.Key, p => new[] { p.Value })));
        }
        // Nothing mappable at all: the payload is not what the mapping describes (wrong mapping, or a test ping).
        if (inputs.All(i => i.Item1 is null))
            return new IntakeBody([], false, TypedResults.ValidationProblem(unmappable,
                title: $"The payload could not be mapped with mapping '{mapping.Name}'.",
                detail: "Each field below had no value at any of the paths the mapping names."));
        return new IntakeBody(inputs, records.Count > 1 || mapping.Records is not null, null);
    }

    private static List<JsonNode?>? Records(JsonNode? payload, ResolvedMapping mapping)
    {
        if (mapping.Records is null) return payload is JsonArray array ? [.. array] : [payload];
        return PayloadTree.At(payload, mapping.Records) switch
        {
            null => null,
            JsonArray many => [.. many],
            var one => [one],
        };
    }

    private static (JsonObject Lead, Dictionary<string, string> Problems) Map(JsonNode? record, ResolvedMapping mapping)
    {
        var lead = new JsonObject();
        var problems = new Dictionary<string, string>();
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (path, target) in mapping.Fields)
        {
            if (values.ContainsKey(target)) continue;
            if (PayloadTree.At(record, path) is not JsonValue value) continue;
            var text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            if (!string.IsNullOrWhiteSpace(text)) values[target] = text;
        }
        foreach (var (target, constant) in mapping.Fixed) values[target] = constant;
        foreach (var (target, text) in values)
        {
            var converted = mapping.Transforms.TryGetValue(target, out var transform) ? Transforms.Apply(transform, text) : text.Trim();
            if (converted is null) problems[target] = $"'{text}' could not be converted with '{transform}'.";
            else Set(lead, target, converted);
        }
        foreach (var field in Required.Where(f => !values.ContainsKey(f)))
            problems[field] = $"no value at {Tried(mapping, field)}.";
        if (!values.ContainsKey("email") && !values.ContainsKey("phone"))
            problems["email"] = $"no value at {Tried(mapping, "email")}, and no phone at {Tried(mapping, "phone")}.";
        return (lead, problems);
    }

    private static string Tried(ResolvedMapping mapping, string target) =>
        mapping.Fields.Where(f => string.Equals(f.Target, target, StringComparison.OrdinalIgnoreCase)).Select(f => f.Path).ToList() is { Count: > 0 } paths
            ? string.Join(" or ", paths) : "any path (the mapping names none for it)";

    /// <summary>Writes "company.name" or "attributes.x" into the nested native shape.</summary>
    private static void Set(JsonObject lead, string target, string value)
    {
        var dot = target.IndexOf('.');
        if (dot < 0) { lead[Native(target)] = value; return; }
        var parent = target[..dot].ToLowerInvariant();
        if (lead[parent] is not JsonObject nested) lead[parent] = nested = new JsonObject();
        nested[parent == "attributes" ? target[(dot + 1)..] : Native(target[(dot + 1)..])] = value;
    }

    /// <summary>The field's native spelling, whatever case the configuration used.</summary>
    private static string Native(string field) =>
        MappingTargets.Fields.Select(f => f.Contains('.') ? f[(f.IndexOf('.') + 1)..] : f).FirstOrDefault(f => string.Equals(f, field, StringComparison.OrdinalIgnoreCase)) ?? field;
}
