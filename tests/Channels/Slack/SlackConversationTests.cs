using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Channels;
using LeadBot.Tests.Support;
using static LeadBot.Tests.Channels.Slack.SlackHandoffTests;

namespace LeadBot.Tests.Channels.Slack;

/// <summary>Chat commands through the Events API (DM, mention), the /leads slash command and the App Home tab.</summary>
public sealed class SlackConversationTests
{
    private static JsonObject Event(string file, Action<JsonObject>? change = null)
    {
        var body = SlackScenario.Sample("inbound", "events", file);
        change?.Invoke(body["event"]!.AsObject());
        return body;
    }

    [Fact]
    public async Task DirectMessage_RunsCommand_AndAnswersInTheDm()
    {
        await using var s = await SlackScenario.StartAsync();

        var ack = await s.EventAsync(Event("message_im.json")); // "pipeline" from U07REPALICE
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        await s.IdleAsync();

        var lookup = Assert.Single(s.Slack.Calls("users.info"));
        Assert.Equal(SlackScenario.Anna, (string?)lookup.Body["user"]);
        Assert.StartsWith("application/x-www-form-urlencoded", lookup.ContentType);
        var reply = Assert.Single(s.Slack.Calls("chat.postMessage"));
        Assert.Equal("D07ALICEDM1", (string?)reply.Body["channel"]);
        Assert.Contains("EMEA", Texts(reply.Body));
    }

    [Fact]
    public async Task RepWithConfiguredSlackId_IsMatchedWithoutAskingSlack()
    {
        // EMEA is the second team in appsettings.json; Anna its first member.
        await using var s = await SlackScenario.StartAsync(new() { ["Routing:Teams:1:Members:0:SlackUserId"] = SlackScenario.Anna });

        var response = await s.CommandAsync(SlackScenario.Anna, SlackScenario.Channel, "my leads");
        var body = await response.BodyAsync();

        Assert.Equal("ephemeral", (string?)body["response_type"]);
        Assert.Contains("no open leads", Texts(body));
        Assert.Empty(s.Slack.Calls("users.info"));
    }

    [Fact]
    public async Task Event_RetriedOrReplayed_IsAnsweredOnce()
    {
        await using var s = await SlackScenario.StartAsync();
        var body = Event("message_im.json", e => e["text"] = "help");

        await s.EventAsync(body);
        var retry = await s.EventAsync(body, retryNum: 1);
        var replay = await s.EventAsync(body);
        await s.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Single(s.Slack.Calls("chat.postMessage"));
    }

    [Fact]
    public async Task OwnBotMessage_AndEdits_AreIgnored()
    {
        await using var s = await SlackScenario.StartAsync();

        var own = await s.EventAsync(Event("message_im_from_own_bot.json"));
        var edit = await s.EventAsync(Event("message_im.json", e => { e["subtype"] = "message_changed"; })
            .Also(b => b["event_id"] = "Ev07EDITED01"));
        await s.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, own.StatusCode); // accepted (signed, well-formed), then ignored
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Empty(s.Slack.Calls());

        // The same DM as a plain message is answered: the silence above is the bot ignoring, not failing to hear.
        Assert.Equal(HttpStatusCode.OK, (await s.EventAsync(Event("message_im.json", e => e["text"] = "help"))).StatusCode);
        await s.IdleAsync();
        Assert.Single(s.Slack.Calls("chat.postMessage"));
    }

    [Fact]
    public async Task Mention_StripsTheBotMention_AndAnswersEphemerally()
    {
        await using var s = await SlackScenario.StartAsync();

        await s.EventAsync(Event("app_mention.json", e => e["text"] = "<@U07LEADBOT1> help"));
        await s.IdleAsync();

        var help = Assert.Single(s.Slack.Calls("chat.postEphemeral"));
        Assert.Equal(SlackScenario.Channel, (string?)help.Body["channel"]);
        Assert.Equal(SlackScenario.Anna, (string?)help.Body["user"]);
        Assert.Contains("subscribe", Texts(help.Body));
        Assert.Empty(s.Slack.Calls("chat.postMessage"));
    }

    [Fact]
    public async Task MentionSubscribe_PostsConfirmationInTheThread()
    {
        await using var s = await SlackScenario.StartAsync();

        await s.EventAsync(Event("app_mention_in_thread.json", e =>
        {
            e["text"] = "<@U07LEADBOT1> subscribe EMEA";
            e["user"] = SlackScenario.Marta;
        }));
        await s.IdleAsync();

        var confirmation = Assert.Single(s.Slack.Calls("chat.postMessage"));
        Assert.Equal("1718035300.000200", (string?)confirmation.Body["thread_ts"]);
        Assert.Equal("EMEA", s.App.Get<Subscriptions>().Of("slack", SlackScenario.Channel)!.Team);
    }

    [Fact]
    public async Task AppHomeOpened_PublishesTheUsersOpenLeads()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync();
        var leadId = await s.IntakeAsync(SampleLeads.Emea());
        await s.DeliverDueAsync();
        await s.InteractionAsync(s.ButtonClick(SlackScenario.Anna, LeadBot.Cards.SlackIds.ActionAccept, leadId, SlackScenario.Channel, await AnnouncedTsAsync(s)));
        await s.IdleAsync();

        await s.EventAsync(Event("app_home_opened.json"));
        await s.IdleAsync();

        var publish = Assert.Single(s.Slack.Calls("views.publish"));
        Assert.Equal(SlackScenario.Anna, (string?)publish.Body["user_id"]);
        Assert.Equal("home", (string?)publish.Body["view"]!["type"]);
        Assert.Contains("Ingrid Larsen", Texts(publish.Body));
    }

    [Fact]
    public async Task AppHomeOpened_ForSomeoneNotOnTheRoster_SaysSoOnTheTab()
    {
        await using var s = await SlackScenario.StartAsync();

        await s.EventAsync(Event("app_home_opened.json", e => e["user"] = SlackScenario.Stranger));
        await s.IdleAsync();

        var publish = Assert.Single(s.Slack.Calls("views.publish"));
        Assert.Contains("not on a roster", Texts(publish.Body));
    }

    [Fact]
    public async Task SlashCommand_FromUnknownUser_AnswersThroughResponseUrl()
    {
        await using var s = await SlackScenario.StartAsync();

        var ack = await s.CommandAsync(SlackScenario.Marta, SlackScenario.Channel, "subscribe EMEA", responseId: "first");
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("", await ack.Content.ReadAsStringAsync());
        await s.IdleAsync();

        var answer = Assert.Single(s.Slack.Calls("response_url:first"));
        Assert.Equal("in_channel", (string?)answer.Body["response_type"]);
        Assert.Contains("new EMEA leads", (string?)answer.Body["text"]);
        Assert.Null(answer.Authorization); // the response_url is the credential; the bot token stays home
    }

    [Fact]
    public async Task SlashCommand_FromKnownUser_AnswersInTheResponse_Ephemerally()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync(); // Anna is looked up once here

        var response = await s.CommandAsync(SlackScenario.Anna, SlackScenario.Channel, "pipeline week");
        var body = await response.BodyAsync();

        Assert.Equal("ephemeral", (string?)body["response_type"]);
        Assert.NotEmpty(body["blocks"]!.AsArray());
        Assert.Single(s.Slack.Calls("users.info"), c => (string?)c.Body["user"] == SlackScenario.Anna);
    }

    [Fact]
    public async Task SlashCommand_ReplayedRequest_IsHandledOnce()
    {
        await using var s = await SlackScenario.StartAsync();
        await s.SubscribeAsync(); // Anna is known from now on, so the answer comes in the HTTP response
        var body = ReferenceFiles.Read("slack", "samples", "inbound", "commands", "slash_command_leads_pipeline.body.txt");

        var first = await s.PostSignedAsync("/api/slack/commands", body, "application/x-www-form-urlencoded");
        var again = await s.PostSignedAsync("/api/slack/commands", body, "application/x-www-form-urlencoded");

        Assert.Equal("ephemeral", (string?)(await first.BodyAsync())["response_type"]);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("", await again.Content.ReadAsStringAsync());
    }
}

internal static class JsonTestExtensions
{
    public static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }
}
