using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using LeadBot.Intake.Mappings;
using LeadBot.Storage;

namespace LeadBot.Intake;

/// <summary>
/// Reads an intake body (one JSON lead, a JSON array, or CSV) into inputs, each with its own parse error, so one bad
/// item never costs the good ones. Size and content type are checked here, before anything is parsed.
/// </summary>
public sealed record IntakeBody(IReadOnlyList<(LeadInput? Input, Dictionary<string, string[]>? Error)> Inputs, bool IsBatch, IResult? Problem)
{
    internal static IntakeBody Fail(int status, string title, string detail) =>
        new([], false, TypedResults.Problem(title: title, detail: detail, statusCode: status));

    /// <param name="mapping">Read the body in another system's shape (JSON or XML) through this mapping.</param>
    public static async Task<IntakeBody> ReadAsync(HttpRequest request, CancellationToken ct, ResolvedMapping? mapping = null)
    {
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var isJson = type is "application/json" || (type?.StartsWith("application/", StringComparison.Ordinal) == true && type.EndsWith("+json", StringComparison.Ordinal));
        var isCsv = type is "text/csv" or "application/csv";
        var isXml = type is "text/xml" or "application/xml" or "application/soap+xml";
        if (mapping is null && !isJson && !isCsv)
            return Fail(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", $"Send leads as application/json or text/csv (was '{type ?? "none"}').");
        if (mapping is not null && !isJson && !isXml)
            return Fail(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", $"Mapping '{mapping.Name}' reads application/json or XML (was '{type ?? "none"}').");
        if (request.ContentLength > IntakeOptions.MaxBodyBytes) return TooLarge();

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > IntakeOptions.MaxBodyBytes) return TooLarge();
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        if (buffer.Length == 0) return Fail(StatusCodes.Status400BadRequest, "Empty body", "Send one lead object, an array of leads, or CSV with a header row.");
        if (mapping is not null) return ReadMapped(buffer, isXml, mapping);
        return isCsv ? await ReadCsv(buffer, ct) : ReadJson(buffer);
    }

    private static IntakeBody ReadMapped(Stream body, bool isXml, ResolvedMapping mapping)
    {
        JsonNode? payload;
        try
        {
            payload = isXml ? PayloadTree.FromXml(body) : JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (Exception e) when (e is JsonException or XmlException)
        {
            return Fail(StatusCodes.Status400BadRequest, isXml ? "The body is not valid XML" : "The body is not valid JSON", e.Message.Split(". ")[0] + ".");
        }
        return MappedBody.Read(payload, mapping);
    }

    private static IntakeBody TooLarge() =>
        Fail(StatusCodes.Status413PayloadTooLarge, "Body too large", $"Intake accepts at most 1 MB per request; split the batch (up to {IntakeOptions.MaxBatch} leads).");

    private static async Task<IntakeBody> ReadCsv(Stream body, CancellationToken ct)
    {
        try
        {
            var rows = await CsvLeads.ReadAsync(body, IntakeOptions.MaxBatch, ct);
            if (rows.Count == 0) return Fail(StatusCodes.Status400BadRequest, "No leads", "The CSV has a header row but no leads.");
            return new IntakeBody(rows.Select(r => ((LeadInput?)r, (Dictionary<string, string[]>?)null)).ToList(), true, null);
        }
        catch (CsvLeads.CsvFormatException e)
        {
            return Fail(StatusCodes.Status400BadRequest, "The CSV is not valid", e.Message);
        }
    }

    private static IntakeBody ReadJson(Stream body)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            return Fail(StatusCodes.Status400BadRequest, "The body is not valid JSON", $"{e.Message.Split(". ")[0]} (line {e.LineNumber + 1}).");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object) return new IntakeBody([Parse(root)], false, null);
            if (root.ValueKind != JsonValueKind.Array)
                return Fail(StatusCodes.Status400BadRequest, "Wrong JSON shape", "Send one lead object or an array of lead objects.");
            var count = root.GetArrayLength();
            if (count == 0) return Fail(StatusCodes.Status400BadRequest, "No leads", "The array is empty.");
            if (count > IntakeOptions.MaxBatch)
                return Fail(StatusCodes.Status400BadRequest, "Batch too large", $"At most {IntakeOptions.MaxBatch} leads per request (got {count}).");
            return new IntakeBody(root.EnumerateArray().Select(Parse).ToList(), true, null);
        }
    }

    internal static (LeadInput?, Dictionary<string, string[]>?) Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) return (null, new() { ["$"] = ["must be a lead object."] });
        try
        {
            return (element.Deserialize<LeadInput>(StoreJson.Options), null);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } p ? p.TrimStart('$', '.') : "$";
            return (null, new() { [field] = [$"has the wrong type ({e.Message.Split(". ")[0].Split(" Path:")[0]})."] });
        }
    }
}
