using System.Text.Json.Nodes;
using LeadBot.Cards.Text;

namespace LeadBot.Cards.Teams;

/// <summary>
/// Teams @mentions: the only place a card contains &lt;at&gt; markup. It is built here from a vetted name and an
/// Entra object id, never from lead data, and each one comes with the msteams entity Teams needs to resolve it.
/// </summary>
internal sealed class Mentions
{
    readonly JsonArray entities = [];
    readonly Dictionary<string, string> textById = new(StringComparer.OrdinalIgnoreCase);
    readonly HashSet<string> usedTexts = new(StringComparer.Ordinal);

    public JsonArray Entities => entities;

    /// <summary>"&lt;at&gt;Name&lt;/at&gt;" for a person with an object id, else their escaped name (no ping).</summary>
    public string Of(PersonView person)
    {
        var id = person.TeamsAadObjectId?.Trim();
        if (id is null || !Guid.TryParse(id, out _)) return Ac.Esc(person.DisplayName, 60);
        if (textById.TryGetValue(id, out var known)) return known;
        var name = SafeName(person.DisplayName);
        var text = $"<at>{name}</at>";
        // Teams matches entities to text by the text itself, so two people with one name need different texts.
        for (var n = 2; !usedTexts.Add(text); n++) text = $"<at>{name} ({n})</at>";
        textById[id] = text;
        entities.Add(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = text,
            ["mentioned"] = new JsonObject { ["id"] = id, ["name"] = name },
        });
        return text;
    }

    public string Join(IEnumerable<PersonView> people) => string.Join(", ", people.Select(Of));

    /// <summary>A display name stripped of anything that could close the tag, format text or open a template.</summary>
    static string SafeName(string? displayName)
    {
        var kept = new string((displayName ?? "").Where(c => c is not ('<' or '>' or '*' or '_' or '[' or ']' or '`' or '~' or '\\' or '{' or '}' or '$' or '&')).ToArray());
        var line = TextFormat.Line(kept);
        return line is null ? "colleague" : TextFormat.Truncate(line, 60);
    }
}
