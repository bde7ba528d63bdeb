using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadBot.Channels.Teams;

/// <summary>The parts of a Bot Framework activity LeadBot reads. Everything else in the payload is ignored, so new fields never break us.</summary>
public sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public string? ChannelId { get; init; }
    public string? ServiceUrl { get; init; }
    public ChannelAccount? From { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public string? Text { get; init; }
    public string? Name { get; init; }
    public string? Action { get; init; }
    public string? ReplyToId { get; init; }
    public JsonElement? Value { get; init; }
    public TeamsChannelData? ChannelData { get; init; }
    public List<ChannelAccount>? MembersAdded { get; init; }
    public List<ChannelAccount>? MembersRemoved { get; init; }
    public List<Entity>? Entities { get; init; }

    public static class Types
    {
        public const string Message = "message", ConversationUpdate = "conversationUpdate", InstallationUpdate = "installationUpdate",
            Invoke = "invoke", MessageReaction = "messageReaction";
    }

    [JsonIgnore] public string? TenantId => ChannelData?.Tenant?.Id ?? Conversation?.TenantId;
    [JsonIgnore] public bool IsPersonal => Conversation?.ConversationType == "personal";

    /// <summary>True when this activity says the bot itself joined (install), rather than a user.</summary>
    [JsonIgnore] public bool BotWasAdded =>
        Type == Types.InstallationUpdate ? Action is null || Action.StartsWith("add", StringComparison.OrdinalIgnoreCase)
        : MembersAdded?.Any(m => m.Id == Recipient?.Id) == true;

    [JsonIgnore] public bool BotWasRemoved =>
        Type == Types.InstallationUpdate ? Action is "remove"
        : MembersRemoved?.Any(m => m.Id == Recipient?.Id) == true;
}

public sealed record ChannelAccount(string? Id, string? Name = null, string? AadObjectId = null, string? Role = null);

public sealed record ConversationAccount(string? Id, string? ConversationType = null, string? TenantId = null, bool? IsGroup = null, string? Name = null);

public sealed record Entity(string? Type, string? Text = null, ChannelAccount? Mentioned = null);

public sealed record TeamsChannelData(TeamInfo? Team = null, TeamInfo? Channel = null, TeamInfo? Tenant = null, string? EventType = null);

public sealed record TeamInfo(string? Id, string? Name = null, string? AadGroupId = null);

internal static class ActivityJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
