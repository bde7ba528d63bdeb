using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Agreement;
using LeadBot.Channels;
using LeadBot.Channels.Slack;
using LeadBot.Tests.Channels.Slack;
using LeadBot.Tests.Storage;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Agreement;

/// <summary>
/// The agreement's loop on Slack, end to end against the fake Web API: the proposal (a slash command) posts its card to
/// the manager's and the marketer's DMs through the outbox, Approve / Decline arrive as signed block_actions and a
/// view_submission, and every copy is redrawn with chat.update.
/// </summary>
public sealed class ProposalCardSlackTests
{
    private const string Marta = "U07MARTANOV", MartaDm = "D07MARTANOV", MiaDm = "D07MIAMKTG0";

    [Fact]
    public async Task ProposeApproveApprove_OnSlack_AppliesVersion2_AndRedrawsEveryCopy()
    {
        await using var s = await SlackScenario.StartAsync();
        await Loop(s);
    }

    [Fact]
    public async Task ProposeApproveApprove_OnSlack_PostgreSql()
    {
        using var schema = TestPostgres.NewSchema();
        await using var s = await SlackScenario.StartAsync(new() { ["Storage:Provider"] = "PostgreSQL", ["ConnectionStrings:LeadBot"] = schema.ConnectionString });
        await Loop(s);
    }

    private static async Task Loop(SlackScenario s)
    {
        var (id, cards) = await Proposed(s);

        // No role, no decision: a stranger's click changes nothing and they are told who may decide.
        await Click(s, SlackScenario.Stranger, "proposal_approve", id, MartaDm, cards[MartaDm]);
        Assert.Empty(s.App.Get<Proposals>().Find(id)!.Approvals);
        Assert.Contains(s.Slack.Calls(), c => (string?)c.Body["user"] == SlackScenario.Stranger && ((string?)c.Body["text"] ?? "").Contains("may not decide", StringComparison.Ordinal));

        await Click(s, Marta, "proposal_approve", id, MartaDm, cards[MartaDm]);
        Assert.Equal(ProposalStatus.Pending, s.App.Get<Proposals>().Find(id)!.Status);
        Assert.Equal(1, s.App.Get<Agreements>().Current.Version);
        await EveryCopySays(s, cards, ["Marta Novak (sales)", "Waiting for a marketer", "proposal_approve"]);

        await Click(s, SlackScenario.Mia, "proposal_approve", id, MiaDm, cards[MiaDm]);
        Assert.Equal((ProposalStatus.Applied, 2), (s.App.Get<Proposals>().Find(id)!.Status, s.App.Get<Agreements>().Current.Version));
        await EveryCopySays(s, cards, ["Applied: agreement v2 is in force", "Mia Chen (marketing)"], without: "proposal_approve");

        var lead = await AgreementScenario.Post(s.App.Api(), "/api/leads", AgreementScenario.Retail("retail-after-slack"), HttpStatusCode.Created);
        Assert.False((bool)lead["qualified"]!);
        Assert.Equal(2, (int)lead["agreement"]!);
        Assert.Contains(lead["criteriaFailed"]!.AsArray(), f => ((string)f!).StartsWith("industry Retail is not in ICP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Decline_OpensAModal_ThatNeedsAComment_ThenClosesTheProposalForEveryone()
    {
        await using var s = await SlackScenario.StartAsync();
        var (id, cards) = await Proposed(s);

        await Click(s, SlackScenario.Mia, "proposal_decline", id, MiaDm, cards[MiaDm]);
        var opened = (JsonObject)Assert.Single(s.Slack.Calls("views.open")).Body["view"]!;
        Assert.Equal("proposal_decline_modal", (string?)opened["callback_id"]);

        var empty = await s.InteractionAsync(Submission(s, opened, comment: " "));
        var errors = await empty.BodyAsync();
        Assert.Equal("errors", (string?)errors["response_action"]);
        Assert.Equal(ProposalStatus.Pending, s.App.Get<Proposals>().Find(id)!.Status);

        var submitted = await s.InteractionAsync(Submission(s, opened, comment: "Retail is next quarter's focus."));
        Assert.Equal("clear", (string?)(await submitted.BodyAsync())["response_action"]);
        await s.IdleAsync();
        var state = s.App.Get<Proposals>().Find(id)!;
        Assert.Equal((ProposalStatus.Declined, "Retail is next quarter's focus."), (state.Status, state.Decision!.Comment));

        await EveryCopySays(s, cards, ["Declined by Mia Chen", "Retail is next quarter"], without: "proposal_approve");
    }

    /// <summary>Rejected Retail leads and Marta's proposal (a slash command); returns its id and the ts of its card in each DM.</summary>
    private static async Task<(string Id, Dictionary<string, string> Cards)> Proposed(SlackScenario s)
    {
        s.Slack.Users[Marta] = (AgreementScenario.Manager, "Marta Novak");
        var api = s.App.Api();
        await AgreementScenario.RetailRejected(api);
        foreach (var m in s.Store.TakeDue(s.App.Clock.GetUtcNow(), 1000, "test", TimeSpan.FromMinutes(5))) s.Store.Complete(m.Id, "test", s.App.Clock.GetUtcNow());

        var command = await s.CommandAsync(Marta, MartaDm, "criteria propose remove Retail from industries");
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        await s.IdleAsync();
        var id = Assert.Single(s.App.Get<Proposals>().Pending()).Proposal.Id;

        await s.DeliverDueAsync();
        var cards = new Dictionary<string, string>();
        foreach (var dm in new[] { MartaDm, MiaDm })
        {
            var posted = Assert.Single(s.App.Get<Deliveries>().ForLead(id, SlackDelivery.PlatformName), p => p.ConversationId == dm);
            var post = Assert.Single(s.Slack.Calls("chat.postMessage"), c => (string?)c.Body["channel"] == dm);
            var blocks = post.Body["blocks"]!.ToJsonString();
            Assert.Contains("remove Retail from industries", blocks, StringComparison.Ordinal);
            Assert.Contains("proposal_approve", blocks, StringComparison.Ordinal);
            cards[dm] = posted.MessageId;
        }
        s.App.Clock.Advance(TimeSpan.FromSeconds(2)); // past the one-post-a-second pacing of each DM
        return (id, cards);
    }

    private static async Task Click(SlackScenario s, string user, string actionId, string proposalId, string dm, string ts)
    {
        var click = s.ButtonClick(user, actionId, proposalId, dm, ts);
        click["actions"]![0]!["block_id"] = "proposal_actions";
        Assert.Equal(HttpStatusCode.OK, (await s.InteractionAsync(click)).StatusCode);
        await s.IdleAsync();
    }

    private static JsonObject Submission(SlackScenario s, JsonObject opened, string comment)
    {
        var p = SlackScenario.Sample("inbound", "interactivity", "view_submission_reject_lead.json");
        p["user"]!["id"] = SlackScenario.Mia;
        p["trigger_id"] = s.NextTrigger();
        var view = p["view"]!;
        view["blocks"] = opened["blocks"]!.DeepClone();
        view["private_metadata"] = (string?)opened["private_metadata"];
        view["callback_id"] = (string?)opened["callback_id"];
        view["state"] = new JsonObject
        {
            ["values"] = new JsonObject { ["decline_comment_block"] = new JsonObject { ["decline_comment"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = comment } } },
        };
        return p;
    }

    /// <summary>Runs the outbox, then checks the latest chat.update of every posted copy.</summary>
    private static async Task EveryCopySays(SlackScenario s, Dictionary<string, string> cards, string[] says, string? without = null)
    {
        await s.DeliverDueAsync();
        foreach (var (dm, ts) in cards)
        {
            var redrawn = s.Slack.Calls("chat.update").Last(c => (string?)c.Body["channel"] == dm && (string?)c.Body["ts"] == ts).Body.ToJsonString();
            foreach (var text in says) Assert.Contains(text, redrawn, StringComparison.Ordinal);
            if (without is not null) Assert.DoesNotContain(without, redrawn, StringComparison.Ordinal);
        }
    }
}
