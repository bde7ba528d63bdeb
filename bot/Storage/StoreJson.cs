using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadBot.Storage;

/// <summary>
/// Both stores keep each record as JSON beside a few indexed columns, so LiteDB and PostgreSQL read and write
/// exactly the same shape and no ORM mapping rules differ between them.
/// </summary>
public static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>For values held as object: writes the runtime type's properties, not object's none.</summary>
    public static string Write(object value, Type type) => JsonSerializer.Serialize(value, type, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"Stored {typeof(T).Name} is empty.");
}
