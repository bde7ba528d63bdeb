using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace LeadBot.Intake.Mappings;

/// <summary>
/// A posted payload as one tree that dotted paths walk, whether it came as JSON or as XML (SOAP). XML elements become
/// objects keyed by local name (namespaces dropped: "sf:Email" is "Email"), repeated elements become arrays, text
/// becomes strings, and <c>xsi:nil="true"</c> becomes null.
/// </summary>
public static class PayloadTree
{
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public static JsonNode? FromXml(Stream body)
    {
        // No DTDs: an entity in a posted document must not read files or expand without bound.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = IntakeOptions.MaxBodyBytes };
        using var reader = XmlReader.Create(body, settings);
        var root = XDocument.Load(reader).Root!;
        return new JsonObject { [root.Name.LocalName] = Node(root) };
    }

    private static JsonNode? Node(XElement e)
    {
        if ((string?)e.Attribute(Xsi + "nil") == "true") return null;
        if (!e.HasElements) return JsonValue.Create(e.Value);
        var obj = new JsonObject();
        foreach (var group in e.Elements().GroupBy(c => c.Name.LocalName))
        {
            var items = group.ToList();
            obj[group.Key] = items.Count == 1 ? Node(items[0]) : new JsonArray(items.Select(Node).ToArray());
        }
        return obj;
    }

    /// <summary>The node at a dotted path ("properties.email.value"), or null.</summary>
    public static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (node is not JsonObject obj) return null;
            // JSON is case-sensitive, but configuration keys are not reliably: an exact match first, then any case.
            node = obj.TryGetPropertyValue(part, out var exact) ? exact
                : obj.FirstOrDefault(kv => string.Equals(kv.Key, part, StringComparison.OrdinalIgnoreCase)).Value;
        }
        return node;
    }
}
