using LeadBot.Access;
using Microsoft.Extensions.Options;

namespace LeadBot.Intake.Mappings;

/// <summary>
/// Intake:Mappings checked on start: known presets, targets and transforms, and the mapping each API key names, so a
/// typo stops the bot with its key, not a lead.
/// </summary>
internal sealed class MappingsValidator(IConfiguration configuration) : IValidateOptions<IntakeOptions>
{
    public ValidateOptionsResult Validate(string? name, IntakeOptions o)
    {
        var errors = new List<string>();
        if (o.Mappings.Keys.FirstOrDefault(IntakeApi.IsNative) is { } reserved)
            errors.Add($"Intake:Mappings:{reserved}: '{IntakeApi.Native}' means LeadBot's own shape (?mapping={IntakeApi.Native}); give the mapping another name.");
        // Read here rather than through IOptions<ApiKeyOptions>, whose own validation would then report its problems twice.
        var keys = new ApiKeyOptions();
        keys.Read(configuration.GetSection(ApiKeyOptions.Section));
        foreach (var key in keys.Keys.Where(k => k.Mapping is { } m && !IntakeApi.Exists(o, m)))
            errors.Add($"{key.Path}:Mapping is '{key.Mapping}', which is not a mapping; use {string.Join(", ", MappingPresets.All.Keys.Concat(o.Mappings.Keys))} or {IntakeApi.Native}.");
        foreach (var (mappingName, m) in o.Mappings)
        {
            var key = $"Intake:Mappings:{mappingName}";
            if (m.Preset is { } p && !MappingPresets.All.ContainsKey(p))
                errors.Add($"{key}:Preset '{p}' is not a preset; use {string.Join(" or ", MappingPresets.All.Keys)}.");
            foreach (var (path, target) in m.Fields.Where(f => !MappingTargets.IsTarget(f.Value)))
                errors.Add($"{key}:Fields:{path} maps to '{target}', which is not a lead field; use one of {string.Join(", ", MappingTargets.Fields)} or attributes.<name>.");
            foreach (var field in m.Fixed.Keys.Where(f => !MappingTargets.IsTarget(f)))
                errors.Add($"{key}:Fixed:{field} is not a lead field.");
            foreach (var (field, transform) in m.Transforms)
            {
                if (!MappingTargets.IsTarget(field)) errors.Add($"{key}:Transforms:{field} is not a lead field.");
                if (!Transforms.Exists(transform)) errors.Add($"{key}:Transforms:{field} is '{transform}'; use one of {string.Join(", ", Transforms.Names)}.");
            }
            if (m.Answer is { } a && a != MappingTargets.SalesforceAck) errors.Add($"{key}:Answer '{a}' is not known; the only special answer is '{MappingTargets.SalesforceAck}'.");
            if (m.Preset is null && m.Fields.Count == 0) errors.Add($"{key} maps no fields: give Fields (source path → lead field) or a Preset.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
