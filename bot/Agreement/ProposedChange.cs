using System.Globalization;
using LeadBot.Cards;
using LeadBot.Qualification;

namespace LeadBot.Agreement;

/// <summary>
/// One change to the agreement, as people write it in chat and systems post it: <c>remove Retail from industries</c>,
/// <c>add Nordics to regions</c>, <c>set minScore to 75</c>, <c>set maxEmployees to none</c>,
/// <c>set claimWithin for EMEA to 10m</c>, <c>set leadsPerMonth for EMEA to 40</c>. <see cref="ToString"/> writes that text back.
/// </summary>
public sealed record ProposedChange(string Op, string Field, string? Value, string? Team = null)
{
    public const string Add = "add", Remove = "remove", Set = "set";

    public const string Grammar =
        "remove <value> from industries|regions|countries|excludedEmailDomains, add <value> to …, " +
        "set minScore|minEmployees|maxEmployees to <number> (maxEmployees/minEmployees: none), " +
        "or set claimWithin|firstTouchWithin|leadsPerMonth for <team> to <10m, 4h, 1d | number>";

    private static readonly string[] ListFields = [Fields.Industries, Fields.Regions, Fields.Countries, Fields.ExcludedEmailDomains];
    private static readonly string[] NumberFields = [Fields.MinScore, Fields.MinEmployees, Fields.MaxEmployees];
    private static readonly string[] TeamFields = [Fields.ClaimWithin, Fields.FirstTouchWithin, Fields.LeadsPerMonth];

    public static class Fields
    {
        public const string Industries = "industries", Regions = "regions", Countries = "countries", ExcludedEmailDomains = "excludedEmailDomains",
            MinScore = "minScore", MinEmployees = "minEmployees", MaxEmployees = "maxEmployees",
            ClaimWithin = "claimWithin", FirstTouchWithin = "firstTouchWithin", LeadsPerMonth = "leadsPerMonth";
    }

    /// <summary>True for a change of the criteria (both sides approve through any manager); false for one team's commitments.</summary>
    public bool IsCriteria => Team is null;

    public override string ToString() => Op switch
    {
        Add => $"add {Value} to {Field}",
        Remove => $"remove {Value} from {Field}",
        _ when Team is not null => $"set {Field} for {Team} to {Value}",
        _ => $"set {Field} to {Value}",
    };

    /// <summary>Reads the text; null with the reason when it is not a change LeadBot knows.</summary>
    public static (ProposedChange? Change, string? Error) Parse(string? text)
    {
        var words = (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 4) return (null, $"Say what to change: {Grammar}.");
        var op = words[0].ToLowerInvariant();
        switch (op)
        {
            case "remove" or "add":
                var joint = op == Remove ? "from" : "to";
                var at = Array.FindLastIndex(words, w => w.Equals(joint, StringComparison.OrdinalIgnoreCase));
                if (at < 2 || at != words.Length - 2) return (null, $"Say \"{op} <value> {joint} <list>\", e.g. \"{op} Retail {joint} industries\".");
                if (FieldOf(words[^1], ListFields) is not { } list) return (null, $"\"{words[^1]}\" is not a list of the criteria ({string.Join(", ", ListFields)}).");
                return (new ProposedChange(op, list, string.Join(' ', words[1..at])), null);
            case "set" or "raise" or "lower" or "change":
                if (FieldOf(words[1], [.. NumberFields, .. TeamFields]) is not { } field) return (null, $"\"{words[1]}\" is not a term of the agreement ({string.Join(", ", NumberFields.Concat(TeamFields))}).");
                var to = Array.FindLastIndex(words, w => w.Equals("to", StringComparison.OrdinalIgnoreCase));
                if (to != words.Length - 2) return (null, $"Say \"set {field} … to <value>\".");
                var value = words[^1];
                if (TeamFields.Contains(field))
                {
                    if (to < 4 || !words[2].Equals("for", StringComparison.OrdinalIgnoreCase)) return (null, $"{field} is per team: say \"set {field} for <team> to {value}\".");
                    return (new ProposedChange(Set, field, value, string.Join(' ', words[3..to])), null);
                }
                return to == 2 ? (new ProposedChange(Set, field, value), null) : (null, $"Say \"set {field} to <value>\".");
            default:
                return (null, $"\"{words[0]}\" is not a change LeadBot knows. Use: {Grammar}.");
        }
    }

    /// <summary>The agreement as it would be with this change; null with the reason when the change does not apply to it.</summary>
    public (AgreementVersion? Next, string? Error) ApplyTo(AgreementVersion current)
    {
        var rules = current.Rules;
        if (Team is not null)
        {
            if (current.Team(Team) is not { } team) return (null, $"There is no team called \"{Team}\" in {current.Label} ({string.Join(", ", current.Teams.Select(t => t.Team))}).");
            TeamCommitment? changed = Field switch
            {
                Fields.ClaimWithin => ParseSpan(Value) is { } s ? team with { ClaimWithin = s } : null,
                Fields.FirstTouchWithin => ParseSpan(Value) is { } s ? team with { FirstTouchWithin = s } : null,
                _ => IsNone(Value) ? team with { LeadsPerMonth = null } : ParseCount(Value, 0, 1_000_000) is { } n ? team with { LeadsPerMonth = n } : null,
            };
            if (changed is null) return (null, Field == Fields.LeadsPerMonth ? $"{Value} is not a number of leads (or none)." : $"{Value} is not a duration such as 10m, 4h or 1d.");
            if (changed == team) return (null, $"{Field} for {team.Team} is {Show(Field, team)} already.");
            return (Next(current, rules, current.Teams.Select(t => t == team ? changed : t).ToList()), null);
        }
        if (Op is Add or Remove)
        {
            var list = ListOf(rules, Field);
            var value = Value!.Trim();
            var present = list.Any(v => string.Equals(v.Trim(), value, StringComparison.OrdinalIgnoreCase));
            if (Op == Add && present) return (null, $"{value} is in {Field} already.");
            if (Op == Remove && !present) return (null, $"{value} is not in {Field} ({(list.Count == 0 ? "empty: any value qualifies" : string.Join(", ", list))}).");
            if (Op == Remove && list.Count == 1 && Field != Fields.ExcludedEmailDomains)
                return (null, $"{value} is the only entry of {Field}; removing it would let any value qualify. Propose the values you want instead.");
            IReadOnlyList<string> next = Op == Add ? [.. list, value] : list.Where(v => !string.Equals(v.Trim(), value, StringComparison.OrdinalIgnoreCase)).ToList();
            return (Next(current, WithList(rules, Field, next), current.Teams), null);
        }
        int? number = IsNone(Value) && Field != Fields.MinScore ? null : ParseCount(Value, 0, Field == Fields.MinScore ? 100 : 10_000_000);
        if (number is null && !(IsNone(Value) && Field != Fields.MinScore))
            return (null, Field == Fields.MinScore ? $"{Value} is not a score between 0 and 100." : $"{Value} is not a number of employees (or none).");
        var updated = Field switch
        {
            Fields.MinScore => rules with { MinScore = number!.Value },
            Fields.MinEmployees => rules with { MinEmployees = number },
            _ => rules with { MaxEmployees = number },
        };
        if (updated.MinEmployees > updated.MaxEmployees) return (null, $"minEmployees ({updated.MinEmployees}) would be above maxEmployees ({updated.MaxEmployees}).");
        if (updated == rules) return (null, $"{Field} is {Value} already.");
        return (Next(current, updated, current.Teams), null);
    }

    /// <summary>"remove Retail from industries (Manufacturing, Software, …)", "raise minScore 70 → 75": the change as people read it.</summary>
    public string Describe(AgreementVersion current)
    {
        if (Team is not null)
            return current.Team(Team) is { } t ? $"{Field} for {t.Team}: {Show(Field, t)} → {ShowValue()}" : ToString();
        return Field switch
        {
            Fields.MinScore => $"{Word(current.Rules.MinScore, Value)} minScore {current.Rules.MinScore} → {Value}",
            Fields.MinEmployees => $"minEmployees {current.Rules.MinEmployees?.ToString(CultureInfo.InvariantCulture) ?? "none"} → {Value}",
            Fields.MaxEmployees => $"maxEmployees {current.Rules.MaxEmployees?.ToString(CultureInfo.InvariantCulture) ?? "none"} → {Value}",
            _ => ToString(),
        };
    }

    private string ShowValue() => Field is Fields.ClaimWithin or Fields.FirstTouchWithin && ParseSpan(Value) is { } s ? AgreementWords.Duration(s) : Value ?? "";

    private static string Show(string field, TeamCommitment t) => field switch
    {
        Fields.ClaimWithin => AgreementWords.Duration(t.ClaimWithin),
        Fields.FirstTouchWithin => AgreementWords.Duration(t.FirstTouchWithin),
        _ => t.LeadsPerMonth?.ToString(CultureInfo.InvariantCulture) ?? "none",
    };

    private static string Word(int from, string? to) => int.TryParse(to, CultureInfo.InvariantCulture, out var n) && n < from ? "lower" : "raise";

    private AgreementVersion Next(AgreementVersion current, QualificationRules rules, IReadOnlyList<TeamCommitment> teams) =>
        current with { Version = current.Version + 1, Rules = rules, Teams = teams, Change = ToString(), ApprovedBy = [], ProposalId = null };

    private static IReadOnlyList<string> ListOf(QualificationRules r, string field) => field switch
    {
        Fields.Industries => r.Industries,
        Fields.Regions => r.Regions,
        Fields.Countries => r.Countries,
        _ => r.ExcludedEmailDomains,
    };

    private static QualificationRules WithList(QualificationRules r, string field, IReadOnlyList<string> list) => field switch
    {
        Fields.Industries => r with { Industries = list },
        Fields.Regions => r with { Regions = list },
        Fields.Countries => r with { Countries = list },
        _ => r with { ExcludedEmailDomains = list },
    };

    private static string? FieldOf(string word, IEnumerable<string> fields)
    {
        var w = word.Trim().TrimEnd('.', ',');
        return fields.FirstOrDefault(f => string.Equals(f, w, StringComparison.OrdinalIgnoreCase)
            || string.Equals(f.TrimEnd('s'), w, StringComparison.OrdinalIgnoreCase)
            || f == Fields.Industries && string.Equals(w, "industry", StringComparison.OrdinalIgnoreCase)
            || f == Fields.Countries && string.Equals(w, "country", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsNone(string? value) => string.Equals(value?.Trim(), "none", StringComparison.OrdinalIgnoreCase);

    private static int? ParseCount(string? value, int min, int max) =>
        int.TryParse(value?.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;

    /// <summary>10m, 4h, 1d, 90s, or a TimeSpan (00:10:00); positive and at most 30 days.</summary>
    public static TimeSpan? ParseSpan(string? value)
    {
        var v = (value ?? "").Trim().ToLowerInvariant();
        TimeSpan? span = null;
        if (v.Length >= 2 && double.TryParse(v[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            span = v[^1] switch { 's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), 'd' => TimeSpan.FromDays(n), _ => null };
        }
        if (span is null && TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out var ts)) span = ts;
        return span is { } s && s > TimeSpan.Zero && s <= TimeSpan.FromDays(30) ? s : null;
    }
}
