using System.Diagnostics;
using System.Net;
using System.Text;
using LeadBot.Channels.Slack;

namespace LeadBot.Tests.Channels.Slack;

/// <summary>A /leads command signed as Slack signs it, for a bot running as its own process (real clock).</summary>
public static class SignedCommand
{
    // The EMEA manager: only a team's managers (and Routing:Admins) may point its leads at a channel.
    public const string SalesChannel = "C07SALESLDS", Admin = "U07MARTA000";

    /// <summary>/leads subscribe TEAM in the channel; returns once the bot has confirmed it (in the response or through response_url).</summary>
    public static async Task SubscribeAsync(HttpClient bot, FakeSlack slack, string team = "EMEA", string channel = SalesChannel, string user = Admin)
    {
        var fields = new Dictionary<string, string>
        {
            ["team_id"] = "T0A1B2C3D4E", ["channel_id"] = channel, ["channel_name"] = "sales-leads", ["user_id"] = user,
            ["command"] = "/leads", ["text"] = "subscribe " + team, ["response_url"] = slack.ResponseUrl("subscribe-" + channel),
            ["trigger_id"] = $"7262518349017.6123456789012.{channel}",
        };
        var body = Encoding.UTF8.GetBytes(string.Join('&', fields.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}")));
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/commands") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, SlackSignature.Sign(SlackScenario.Secret, timestamp, body));
        using var response = await bot.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadAsStringAsync();
        // A user the bot does not know yet is answered through response_url once users.info has said who it is.
        var watch = Stopwatch.StartNew();
        while (!answer.Contains($"new {team} leads", StringComparison.Ordinal))
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException("The subscription was not confirmed: " + answer);
            await Task.Delay(20);
            answer = string.Join("\n", slack.Calls("response_url:subscribe-" + channel).Select(c => c.Body.ToJsonString()));
        }
    }

    /// <summary>What the bot posted with its card metadata (SlackSendMarks): lead, kind and channel of every accepted chat.postMessage.</summary>
    public static List<(string LeadId, string Kind, string Channel)> Cards(FakeSlack slack) =>
        [.. slack.Calls("chat.postMessage")
            .Select(c => (Payload: c.Body["metadata"]?["event_payload"], Channel: (string?)c.Body["channel"]))
            .Where(c => c.Payload is not null)
            .Select(c => ((string)c.Payload!["lead_id"]!, (string)c.Payload!["kind"]!, c.Channel!))];
}
