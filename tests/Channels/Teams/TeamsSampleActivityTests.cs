using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>Every captured and published Teams payload in tests/Reference/teams/activities goes through the real pipeline without a server error.</summary>
public sealed class TeamsSampleActivityTests : IAsyncLifetime
{
    private readonly TeamsTestApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ReferenceFiles.PathOf("teams", "activities"), "*.json").Order()) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_IsHandled_WithoutAServerError(string file)
    {
        var activity = JsonNode.Parse(ReferenceFiles.Read("teams", "activities", file))!.AsObject();
        // Replies go to the fake Connector; the token names the same serviceUrl, as a real one would.
        activity["serviceUrl"] = _app.Fake.ServiceUrl;

        var response = await _app.PostAsync(activity);

        Assert.True((int)response.StatusCode < 500, $"{file}: {(int)response.StatusCode}");
        var type = activity["type"]!.GetValue<string>();
        if (type != "invoke") Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (activity["name"]?.GetValue<string>() == "adaptiveCard/action")
        {
            // Not one of LeadBot's buttons (no verb): answered in the invoke body, not with an HTTP error.
            var body = await response.BodyAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(400, body["statusCode"]!.GetValue<int>());
            Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
        }
        if (file.StartsWith("message-channel-mention", StringComparison.Ordinal) || file.StartsWith("message-personal", StringComparison.Ordinal))
        {
            // Unknown text gets help, in the same conversation.
            Assert.Contains(_app.Fake.ConnectorCalls, c => c.Method == "POST" && c.Body?.ToJsonString().Contains("LeadBot help", StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public async Task BotInstalledInTeam_RemembersTheChannel_AndGreetsOnce()
    {
        foreach (var file in new[] { "conversationUpdate-membersAdded-bot-installed-in-team.json", "installationUpdate-add-team.json" })
        {
            var activity = JsonNode.Parse(ReferenceFiles.Read("teams", "activities", file))!.AsObject();
            activity["serviceUrl"] = _app.Fake.ServiceUrl;
            Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(activity)).StatusCode);
        }
        var reference = _app.Get<LeadBot.Channels.Teams.TeamsConversations>().Find("19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2");
        Assert.NotNull(reference);
        Assert.Equal("channel", reference.Kind);
        Assert.Equal("b28fdbfd-2b78-4f93-b0f8-8881793f0f8f", reference.TenantId);
        Assert.Equal("19:zFLSDFWsesfzcmKArqKJ-65aOXJz@sgf462H2wz41@thread.tacv2", reference.TeamId);
        Assert.Equal(_app.Fake.ServiceUrl, reference.ServiceUrl);
        Assert.Single(_app.Fake.ConnectorCalls, c => c.Body?.ToJsonString().Contains("LeadBot help", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void MentionOfTheBot_IsRemoved_BeforeParsing()
    {
        var activity = System.Text.Json.JsonSerializer.Deserialize<LeadBot.Channels.Teams.Activity>(
            ReferenceFiles.Read("teams", "activities", "message-channel-mention.json"), LeadBot.Channels.Teams.ActivityJson.Options)!;
        var text = LeadBot.Channels.Teams.TeamsBot.WithoutMentions(activity);
        Assert.DoesNotContain("<at>", text, StringComparison.Ordinal);
        Assert.Equal(text.Trim(), text);
    }
}
