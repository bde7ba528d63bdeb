using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LeadBot.Channels.Slack;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Slack;

public sealed class SlackSignatureTests
{
    public static TheoryData<string> VectorIds() =>
        new(Vectors().Select(v => (string)v["id"]!));

    private static IEnumerable<JsonObject> Vectors() =>
        JsonNode.Parse(ReferenceFiles.Read("slack", "signing-test-vectors.json"))!["vectors"]!.AsArray().OfType<JsonObject>();

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void ReferenceVector_PassesOrFailsAsPublished(string id)
    {
        var v = Vectors().Single(x => (string)x["id"]! == id);

        var valid = SlackSignature.IsValid((string)v["signing_secret"]!, (string)v["x_slack_request_timestamp"]!, (string)v["x_slack_signature"]!,
            Encoding.UTF8.GetBytes((string)v["body"]!), (long)v["now_unix"]!);

        Assert.Equal((bool)v["expected_valid"]!, valid);
    }

    [Fact]
    public void Vectors_CoverTheCasesThatMatter()
    {
        var ids = Vectors().Select(v => (string)v["id"]!).ToList();
        Assert.True(ids.Count >= 16);
        Assert.Contains("published-stale-timestamp", ids);
        Assert.Contains("published-future-timestamp", ids);
        Assert.Contains("wrong-version-prefix", ids);
        Assert.Contains("events-message-im-own-bot-escaped-slashes", ids);
    }

    [Theory]
    [InlineData(null, "v0=abc")]
    [InlineData("1531420618", null)]
    [InlineData("not-a-number", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("+1531420618", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    public void MissingOrMalformedHeaders_AreRefused(string? timestamp, string? signature) =>
        Assert.False(SlackSignature.IsValid("8f742231b10e8888abcd99yyyzzz85a5", timestamp, signature, "token=x"u8, 1531420618));
}

public sealed class SlackEndpointSecurityTests
{
    [Fact]
    public async Task Endpoints_WhenNoSigningSecret_Answer404()
    {
        using var app = new LeadBotApp();
        var client = app.CreateClient();
        foreach (var path in new[] { "/api/slack/events", "/api/slack/interactions", "/api/slack/commands" })
        {
            var response = await client.PostRawAsync(path, "{}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task UrlVerification_SignedReferenceBody_AnswersChallenge()
    {
        await using var s = await SlackScenario.StartAsync();
        var body = SlackScenario.Sample("inbound", "events", "url_verification.json");

        var response = await s.EventAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((string)body["challenge"]!, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_WithWrongSecret_Is401AndDoesNothing()
    {
        await using var s = await SlackScenario.StartAsync();
        var body = SlackScenario.Sample("inbound", "events", "message_im.json").ToJsonString();

        var response = await s.PostSignedAsync("/api/slack/events", body, "application/json", secret: "not-the-secret");
        await s.IdleAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(s.Slack.Calls());
    }

    [Fact]
    public async Task Request_TamperedAfterSigning_Is401()
    {
        await using var s = await SlackScenario.StartAsync();
        var timestamp = s.App.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signed = "payload=%7B%22type%22%3A%22block_actions%22%7D";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/interactions")
        {
            Content = new StringContent(signed + "x", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, SlackSignature.Sign(SlackScenario.Secret, timestamp, Encoding.UTF8.GetBytes(signed)));

        var response = await s.App.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_SignedSixMinutesAgo_Is401()
    {
        await using var s = await SlackScenario.StartAsync();
        var body = SlackScenario.Sample("inbound", "events", "message_im.json").ToJsonString();

        var stale = await s.PostSignedAsync("/api/slack/events", body, "application/json", signedAt: s.App.Clock.GetUtcNow().AddMinutes(-6));
        var fresh = await s.PostSignedAsync("/api/slack/events", body, "application/json", signedAt: s.App.Clock.GetUtcNow().AddMinutes(-4));

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task Command_WithoutSignatureHeaders_Is401()
    {
        await using var s = await SlackScenario.StartAsync();
        var body = ReferenceFiles.Read("slack", "samples", "inbound", "commands", "slash_command_leads_pipeline.body.txt");

        var response = await s.App.CreateClient().PostRawAsync("/api/slack/commands", body, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

public sealed class SlackOptionsTests
{
    [Theory]
    [InlineData(null, "https://slack.com/api/", "Slack:BotToken is required")]
    [InlineData("xoxp-user-token", "https://slack.com/api/", "user token")]
    [InlineData("xoxb-1", "https://slack.com/api", "must end with '/'")]
    [InlineData("xoxb-1", "slack.com/api/", "absolute http(s) URL")]
    [InlineData("xoxb-1", "http://slack.example/api/", "must be https")]
    public void SigningSecretWithoutUsableToken_FailsAtStart(string? token, string baseUrl, string expected)
    {
        using var app = new LeadBotApp(new() { ["Slack:SigningSecret"] = "s", ["Slack:BotToken"] = token, ["Slack:ApiBaseUrl"] = baseUrl });

        var e = app.FailsToStart<Microsoft.Extensions.Options.OptionsValidationException>();

        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("Slack:AppId", "leadbot", "Slack:AppId 'leadbot' is not a Slack app id")]
    [InlineData("Slack:TeamId", "acme-sales", "Slack:TeamId 'acme-sales' is not a Slack workspace id")]
    public void AMistypedWorkspaceOrAppId_FailsAtStart(string key, string value, string expected)
    {
        using var app = new LeadBotApp(new() { ["Slack:SigningSecret"] = "s", ["Slack:BotToken"] = "xoxb-1", [key] = value });

        var e = app.FailsToStart<Microsoft.Extensions.Options.OptionsValidationException>();

        Assert.Contains(expected, e.Message);
    }
}
