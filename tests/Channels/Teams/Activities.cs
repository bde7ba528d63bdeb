using System.Text.Json.Nodes;
using LeadBot.Cards;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>Activities shaped like the captured Teams payloads in tests/Reference/teams/activities, aimed at the fake serviceUrl.</summary>
public static class Activities
{
    public static JsonObject User(string aad, string name) => new() { ["id"] = "29:" + aad, ["name"] = name, ["aadObjectId"] = aad };

    private static JsonObject Base(TeamsTestApp app, string type, JsonObject from, bool personal, string? conversationId = null)
    {
        var conversation = personal
            ? new JsonObject { ["id"] = conversationId ?? "a:personal-" + from["aadObjectId"], ["conversationType"] = "personal", ["tenantId"] = TeamsTestApp.Tenant }
            : new JsonObject { ["id"] = conversationId ?? TeamsTestApp.ChannelId, ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = TeamsTestApp.Tenant };
        var channelData = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TeamsTestApp.Tenant } };
        if (!personal)
        {
            channelData["team"] = new JsonObject { ["id"] = TeamsTestApp.TeamId, ["name"] = "Sales" };
            channelData["channel"] = new JsonObject { ["id"] = TeamsTestApp.ChannelId, ["name"] = "EMEA leads" };
        }
        return new JsonObject
        {
            ["type"] = type, ["id"] = app.NextId(), ["channelId"] = "msteams", ["serviceUrl"] = app.Fake.ServiceUrl,
            ["from"] = from.DeepClone(), ["recipient"] = new JsonObject { ["id"] = TeamsTestApp.BotId, ["name"] = "LeadBot" },
            ["conversation"] = conversation, ["channelData"] = channelData,
        };
    }

    public static JsonObject InstallInChannel(TeamsTestApp app, JsonObject by)
    {
        var a = Base(app, "conversationUpdate", by, personal: false);
        a["membersAdded"] = new JsonArray(new JsonObject { ["id"] = TeamsTestApp.BotId });
        a["channelData"]!["eventType"] = "teamMemberAdded";
        return a;
    }

    public static JsonObject InstallPersonal(TeamsTestApp app, JsonObject user)
    {
        var a = Base(app, "conversationUpdate", user, personal: true);
        a["membersAdded"] = new JsonArray(new JsonObject { ["id"] = TeamsTestApp.BotId });
        return a;
    }

    /// <summary>A channel message @mentioning the bot, as Teams sends it.</summary>
    public static JsonObject ChannelMention(TeamsTestApp app, JsonObject from, string text, string? thread = null)
    {
        var a = Base(app, "message", from, personal: false, thread ?? TeamsTestApp.ChannelId + ";messageid=" + app.NextId()[2..]);
        a["text"] = "<at>LeadBot</at> " + text;
        a["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention", ["text"] = "<at>LeadBot</at>", ["mentioned"] = new JsonObject { ["id"] = TeamsTestApp.BotId, ["name"] = "LeadBot" },
        });
        return a;
    }

    public static JsonObject Personal(TeamsTestApp app, JsonObject from, string text)
    {
        var a = Base(app, "message", from, personal: true);
        a["text"] = text;
        return a;
    }

    /// <summary>An Action.Execute click on a lead card (adaptiveCard/action invoke).</summary>
    public static JsonObject Execute(TeamsTestApp app, JsonObject from, string verb, JsonObject data, string replyToId, bool personal = false)
    {
        var a = Base(app, "invoke", from, personal);
        a["name"] = "adaptiveCard/action";
        a["replyToId"] = replyToId;
        a["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        };
        return a;
    }

    /// <summary>The invoke a Teams client sends by itself when a card's <c>refresh</c> names its user: the card's refresh action, trigger "automatic".</summary>
    public static JsonObject Refresh(TeamsTestApp app, JsonObject from, JsonNode refreshAction, string replyToId)
    {
        var a = Base(app, "invoke", from, personal: false);
        a["name"] = "adaptiveCard/action";
        a["replyToId"] = replyToId;
        a["value"] = new JsonObject { ["action"] = refreshAction.DeepClone(), ["trigger"] = "automatic" };
        return a;
    }

    public static JsonObject LeadData(string leadId, string? reason = null, string? comment = null, string? outcome = null)
    {
        var data = new JsonObject { [CardData.LeadId] = leadId };
        if (reason is not null) data[CardData.Reason] = reason;
        if (comment is not null) data[CardData.Comment] = comment;
        if (outcome is not null) data[CardData.Outcome] = outcome;
        return data;
    }
}
