using System.Text;
using System.Text.Json.Nodes;
using LeadBot.Channels.Slack;
using LeadBot.Storage;
using LeadBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LeadBot.Tests.Channels.Slack;

/// <summary>
/// The real bot (LeadBotApp: real HTTP pipeline, LiteDB, fake clock) wired to a <see cref="FakeSlack"/>, plus requests
/// signed the way Slack signs them. Payloads start from the captured samples in tests/Reference/slack/samples.
/// </summary>
public sealed class SlackScenario : IAsyncDisposable
{
    public const string Secret = "test-signing-secret-8f7422";
    public const string Channel = "C07SALESLDS";
    public const string Anna = "U07REPALICE", Luca = "U07REPLUCA0", Mia = "U07MIAMKTG0", Stranger = "U07STRANGER", Marta = SignedCommand.Admin;

    private readonly Dictionary<string, string?> _settings;
    private readonly string _folder;
    private int _triggers;

    private SlackScenario(FakeSlack slack, Dictionary<string, string?> settings, string folder)
    {
        Slack = slack;
        _settings = settings;
        _folder = folder;
        App = Start(settings, Requests);
    }

    public const string WorkspaceId = "T0A1B2C3D4E", AppId = "A07LEADBOT1";

    public FakeSlack Slack { get; }
    public LeadBotApp App { get; private set; }
    /// <summary>Server-side arrival and answer times of the bot's requests.</summary>
    public BotRequests Requests { get; } = new();
    public ILeadStore Store => App.Store;

    public static async Task<SlackScenario> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var slack = await FakeSlack.StartAsync();
        slack.Users[Anna] = (SampleLeads.EmeaRep, "Anna Schmidt");
        slack.Users[Luca] = (SampleLeads.EmeaRep2, "Luca Rossi");
        slack.Users[Mia] = ("mia.marketing@contoso.com", "Mia Chen");
        slack.Users[Stranger] = ("someone@elsewhere.example", "Sam Stranger");
        slack.Users[Marta] = (SampleLeads.EmeaManager, "Marta Novak");
        var all = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = Secret,
            ["Slack:BotToken"] = FakeSlack.Token,
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
            // The workspace and app of the reference samples: every scenario runs with the checks a production bot has on.
            ["Slack:TeamId"] = WorkspaceId, ["Slack:AppId"] = AppId,
            // These tests play the outbox dispatcher themselves (DeliverDueAsync), so the real one must not race them.
            ["Delivery:Enabled"] = "false",
        };
        // The database lives in the scenario's folder, not the app's, so that Restart can start a new process on it.
        var folder = Directory.CreateTempSubdirectory("leadbot-slack-").FullName;
        all["ConnectionStrings:LeadBot"] = $"Filename={Path.Combine(folder, "leadbot.db")};Connection=shared";
        foreach (var (k, v) in settings ?? []) all[k] = v;
        return new SlackScenario(slack, all, folder);
    }

    /// <summary>Stops the bot (its in-memory work is gone, like after a crash) and starts a new one on the same database.</summary>
    public void Restart()
    {
        App.Dispose();
        App = Start(_settings, Requests);
    }

    private static LeadBotApp Start(Dictionary<string, string?> settings, BotRequests requests)
    {
        var app = new LeadBotApp(settings, s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(requests));
        _ = app.Server; // start the host (and its background workers) now
        return app;
    }

    public static JsonObject Sample(params string[] path) =>
        JsonNode.Parse(ReferenceFiles.Read(["slack", "samples", .. path])) as JsonObject ?? throw new InvalidDataException(string.Join('/', path));

    public string NextTrigger() => $"7262518{Interlocked.Increment(ref _triggers):D6}.6123456789012.test";

    /// <summary>POSTs a body signed with the scenario's secret at the fake clock's time (or the given time).</summary>
    public Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType, DateTimeOffset? signedAt = null,
        string secret = Secret, int? retryNum = null)
    {
        var timestamp = (signedAt ?? App.Clock.GetUtcNow()).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Content.Headers.ContentType!.CharSet = contentType == "application/json" ? "utf-8" : null;
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, SlackSignature.Sign(secret, timestamp, Encoding.UTF8.GetBytes(body)));
        if (retryNum is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }
        return App.CreateClient().SendAsync(request);
    }

    public Task<HttpResponseMessage> EventAsync(JsonObject body, int? retryNum = null) =>
        PostSignedAsync("/api/slack/events", body.ToJsonString(), "application/json", retryNum: retryNum);

    public Task<HttpResponseMessage> InteractionAsync(JsonObject payload) =>
        PostSignedAsync("/api/slack/interactions", "payload=" + Uri.EscapeDataString(payload.ToJsonString()), "application/x-www-form-urlencoded");

    /// <summary>A /leads command as Slack posts it: the reference form body with this user, channel and text.</summary>
    public Task<HttpResponseMessage> CommandAsync(string user, string channel, string text, string responseId = "cmd")
    {
        var fields = Sample("inbound", "commands", "slash_command_leads_pipeline.fields.json");
        fields["user_id"] = user;
        fields["channel_id"] = channel;
        fields["text"] = text;
        fields["response_url"] = Slack.ResponseUrl(responseId);
        fields["trigger_id"] = NextTrigger();
        var body = string.Join('&', fields.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString((string?)kv.Value ?? "").Replace("%20", "+", StringComparison.Ordinal)}"));
        return PostSignedAsync("/api/slack/commands", body, "application/x-www-form-urlencoded");
    }

    /// <summary>block_actions for a button on a message, from the Accept sample (Reject and outcome buttons have the same shape).</summary>
    public JsonObject ButtonClick(string user, string actionId, string leadId, string channel, string messageTs)
    {
        var p = Sample("inbound", "interactivity", "block_actions_lead_accept.json");
        p["user"]!["id"] = user;
        p["container"]!["channel_id"] = channel;
        p["container"]!["message_ts"] = messageTs;
        p["channel"]!["id"] = channel;
        p["message"]!["ts"] = messageTs;
        p["trigger_id"] = NextTrigger();
        p["response_url"] = Slack.ResponseUrl("action");
        var action = p["actions"]![0]!;
        action["action_id"] = actionId;
        action["value"] = leadId;
        action["block_id"] = "lead_actions|" + leadId;
        return p;
    }

    /// <summary>view_submission of the reject modal the bot opened (its private_metadata), with the rep's answers.</summary>
    public JsonObject RejectSubmission(string user, JsonObject openedView, string? reason, string? comment)
    {
        var p = Sample("inbound", "interactivity", "view_submission_reject_lead.json");
        p["user"]!["id"] = user;
        p["trigger_id"] = NextTrigger();
        var view = p["view"]!;
        view["blocks"] = openedView["blocks"]!.DeepClone();
        view["private_metadata"] = (string?)openedView["private_metadata"];
        view["callback_id"] = (string?)openedView["callback_id"];
        var values = view["state"]!["values"]!;
        values["reject_reason_block"]!["reject_reason"]!["selected_option"] = reason is null ? null : new JsonObject { ["value"] = reason };
        values["reject_feedback_block"]!["reject_feedback"]!["value"] = comment;
        return p;
    }

    /// <summary>Sends a lead through the intake API (it is qualified, routed and its announcement queued in the outbox).</summary>
    public async Task<string> IntakeAsync(Dictionary<string, object?> lead)
    {
        var response = await App.Api().PostJsonAsync("/api/leads", lead);
        response.EnsureSuccessStatusCode();
        var body = await response.BodyAsync();
        return (string?)(body["id"] ?? body["results"]?[0]?["id"]) ?? throw new InvalidDataException(body.ToJsonString());
    }

    /// <summary>Waits (without sleeping) until the bot's background Slack work is done.</summary>
    public Task IdleAsync() => App.Get<SlackWork>().WhenIdle().WaitAsync(TimeSpan.FromSeconds(20));

    /// <summary>
    /// Plays the dispatcher: hands every due outbox message to <see cref="SlackDelivery"/>, and throws if any delivery failed,
    /// so a test that ignores the result cannot pass over a failure. <see cref="TryDeliverDueAsync"/> is for tests whose point is the failure.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> DeliverDueAsync()
    {
        var done = await TryDeliverDueAsync();
        var failed = done.Where(d => d.Error is not null).ToList();
        if (failed.Count > 0)
            throw new AggregateException($"Slack delivery failed for {string.Join(", ", failed.Select(f => f.Message.Id))}", failed.Select(f => f.Error!));
        return done.Select(d => d.Message).ToList();
    }

    /// <summary>Like <see cref="DeliverDueAsync"/>, but returns each message's failure (rescheduled a minute later) instead of throwing.</summary>
    public async Task<IReadOnlyList<(OutboxMessage Message, Exception? Error)>> TryDeliverDueAsync()
    {
        var delivery = App.Get<SlackDelivery>();
        var done = new List<(OutboxMessage, Exception?)>();
        foreach (var message in Store.TakeDue(App.Clock.GetUtcNow(), 100, "slack-test", TimeSpan.FromMinutes(5)))
        {
            try
            {
                // Posts to one channel are paced a second apart on the fake clock: fail, don't hang, if a test forgets to advance it.
                await delivery.DeliverAsync(message, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
                Store.Complete(message.Id, "slack-test", App.Clock.GetUtcNow());
                done.Add((message, null));
            }
            catch (Exception e)
            {
                Store.Reschedule(message.Id, "slack-test", App.Clock.GetUtcNow().AddMinutes(1), e.Message, parkAsFailed: false);
                done.Add((message, e));
            }
        }
        return done;
    }

    /// <summary>Subscribes the sales channel to EMEA through /leads, as the team's manager would after inviting the bot.</summary>
    public async Task SubscribeAsync(string team = "EMEA", string channel = Channel, string user = Marta)
    {
        var response = await CommandAsync(user, channel, "subscribe " + team);
        response.EnsureSuccessStatusCode();
        await IdleAsync();
        // Anna (the rep most tests click as) has used /leads by now, as she would have in a real channel: the bot knows her.
        (await CommandAsync(Anna, channel, "help", responseId: "introduce")).EnsureSuccessStatusCode();
        await IdleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Slack.DisposeAsync();
        App.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
