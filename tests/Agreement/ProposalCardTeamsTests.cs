using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Agreement;
using LeadBot.Channels;
using LeadBot.Channels.Teams;
using LeadBot.Tests.Channels.Teams;
using LeadBot.Tests.Storage;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Agreement;

/// <summary>
/// The agreement's loop on Teams, end to end: the review in chat, a proposal in chat, its card in the manager's and the
/// marketer's 1:1 chats (through the outbox), Approve clicked by each side (Action.Execute against the fake Bot
/// Framework), every copy redrawn, and the next Retail lead judged by version 2. On LiteDB and PostgreSQL.
/// </summary>
public sealed class ProposalCardTeamsTests
{
    private static readonly JsonObject Marta = Activities.User("aad-marta", "Marta Novak");
    private static readonly JsonObject Mia = Activities.User("aad-mia", "Mia Chen");
    private static readonly JsonObject Anna = Activities.User("aad-anna", "Anna Schmidt");
    private const string MartaChat = "a:personal-aad-marta", MiaChat = "a:personal-aad-mia", AnnaChat = "a:personal-aad-anna";

    [Fact]
    public async Task ReviewProposeApproveApprove_OnTeams_LiteDb()
    {
        await using var app = new TeamsTestApp();
        await Loop(app);
    }

    [Fact]
    public async Task ReviewProposeApproveApprove_OnTeams_PostgreSql()
    {
        using var schema = TestPostgres.NewSchema();
        await using var app = new TeamsTestApp(new() { ["Storage:Provider"] = "PostgreSQL", ["ConnectionStrings:LeadBot"] = schema.ConnectionString });
        await Loop(app);
    }

    [Fact]
    public async Task Decline_NeedsAComment_ClosesTheProposal_AndEveryCopySaysWhy()
    {
        await using var app = new TeamsTestApp();
        var (id, cards) = await Proposed(app);

        var noComment = await Click(app, Mia, MiaChat, "proposal-decline", id, cards[MiaChat]);
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)noComment["type"]);
        Assert.Equal(ProposalStatus.Pending, app.Get<Proposals>().Find(id)!.Status);

        var declined = await Click(app, Mia, MiaChat, "proposal-decline", id, cards[MiaChat], comment: "Retail is next quarter's focus.");
        var card = declined["value"]!.ToJsonString();
        Assert.Contains("Declined by Mia Chen", card, StringComparison.Ordinal);
        Assert.Contains("Retail is next quarter", card, StringComparison.Ordinal);
        Assert.DoesNotContain("proposal-approve", card, StringComparison.Ordinal);
        Assert.Equal(ProposalStatus.Declined, app.Get<Proposals>().Find(id)!.Status);

        await EveryCopySays(app, cards, ["Declined by Mia Chen", "Retail is next quarter"], without: "proposal-approve");
        // Closed: a later approval by the manager changes nothing and says so.
        var late = await Click(app, Marta, MartaChat, "proposal-approve", id, cards[MartaChat]);
        Assert.Contains("Declined by Mia Chen", late["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, app.Get<Agreements>().Current.Version);
    }

    /// <summary>Rejected Retail leads, the review in Marta's chat, and her proposal: returns its id and the activity id of each posted card by chat.</summary>
    private static async Task<(string Id, Dictionary<string, string> Cards)> Proposed(TeamsTestApp app)
    {
        app.Fake.Directory["aad-marta"] = AgreementScenario.Manager;
        app.Fake.Directory["aad-mia"] = AgreementScenario.Marketer;
        app.Fake.Directory["aad-anna"] = SampleLeads.EmeaRep;
        var api = app.Api();
        await AgreementScenario.RetailRejected(api);
        await AgreementScenario.LogisticsAccepted(api, 3);
        Discard(app); // the leads' own cards and notices are not what this test is about

        await Say(app, Mia, "criteria");
        await Say(app, Anna, "criteria");
        var review = await Say(app, Marta, "criteria review week");
        Assert.Contains("remove Retail from industries", review, StringComparison.Ordinal);
        var proposed = await Say(app, Marta, "criteria propose remove Retail from industries");
        Assert.Contains("It applies once a sales manager and a marketer approve it", proposed, StringComparison.Ordinal);
        var id = Assert.Single(app.Get<Proposals>().Pending()).Proposal.Id;

        await app.DeliverOutboxAsync();
        var cards = new Dictionary<string, string>();
        foreach (var chat in new[] { MartaChat, MiaChat })
        {
            var posted = Assert.Single(app.Get<Deliveries>().ForLead(id, TeamsBot.Platform), p => p.ConversationId == chat);
            var sent = Assert.Single(app.Fake.ConnectorCalls, c => c.Method == "POST" && c.Path == $"/amer/v3/conversations/{chat}/activities"
                && c.Body!.ToJsonString().Contains("proposal-approve", StringComparison.Ordinal));
            var card = sent.Body!["attachments"]![0]!["content"]!.ToJsonString();
            Assert.Contains("remove Retail from industries", card, StringComparison.Ordinal);
            Assert.Contains("Waiting for a sales manager", card, StringComparison.Ordinal);
            Assert.True(card.Contains("20 rejected as not our ideal customer: wrong industry", StringComparison.Ordinal), card);
            cards[chat] = posted.MessageId;
        }
        // A rep is neither side: no card for Anna.
        Assert.DoesNotContain(app.Get<Deliveries>().ForLead(id, TeamsBot.Platform), p => p.ConversationId == AnnaChat);
        return (id, cards);
    }

    private static async Task Loop(TeamsTestApp app)
    {
        var (id, cards) = await Proposed(app);

        // Somebody with no role (a rep) is refused, and nothing changes.
        var refused = await Click(app, Anna, AnnaChat, "proposal-approve", id, cards[MartaChat]);
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)refused["type"]);
        Assert.Contains("needs a sales manager or a member of the marketing roster", (string?)refused["value"], StringComparison.Ordinal);
        Assert.Empty(app.Get<Proposals>().Find(id)!.Approvals);

        // The manager approves: still pending, still version 1; the clicker and everyone else see who approved.
        var afterManager = await Click(app, Marta, MartaChat, "proposal-approve", id, cards[MartaChat]);
        var managerCard = afterManager["value"]!.ToJsonString();
        Assert.Contains("Waiting for a marketer", managerCard, StringComparison.Ordinal);
        Assert.Contains("Marta Novak (sales)", managerCard, StringComparison.Ordinal);
        Assert.Equal(ProposalStatus.Pending, app.Get<Proposals>().Find(id)!.Status);
        Assert.Equal(1, (int)(await (await app.Api().GetAsync("/api/criteria")).BodyAsync())["version"]!);
        await EveryCopySays(app, cards, ["Marta Novak (sales)", "Waiting for a marketer", "proposal-approve"]);

        // The marketer approves: applied as version 2, buttons gone everywhere.
        var afterMarketer = await Click(app, Mia, MiaChat, "proposal-approve", id, cards[MiaChat]);
        Assert.Contains("Applied: agreement v2 is in force", afterMarketer["value"]!.ToJsonString(), StringComparison.Ordinal);
        await EveryCopySays(app, cards, ["Applied: agreement v2 is in force", "Mia Chen (marketing)"], without: "proposal-approve");

        var lead = await AgreementScenario.Post(app.Api(), "/api/leads", AgreementScenario.Retail("retail-after-teams"), HttpStatusCode.Created);
        Assert.False((bool)lead["qualified"]!);
        Assert.Equal(2, (int)lead["agreement"]!);
        Assert.Contains(lead["criteriaFailed"]!.AsArray(), f => ((string)f!).StartsWith("industry Retail is not in ICP", StringComparison.Ordinal));
    }

    /// <summary>A 1:1 message to the bot; returns its reply as text (the card's JSON).</summary>
    private static async Task<string> Say(TeamsTestApp app, JsonObject from, string text)
    {
        var before = app.Fake.ConnectorCalls.Count;
        var message = Activities.Personal(app, from, text);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync(message)).StatusCode);
        var chat = (string)message["conversation"]!["id"]!;
        return Assert.Single(app.Fake.ConnectorCalls.Skip(before), c => c.Method == "POST" && c.Path.Contains(chat, StringComparison.Ordinal)).Body!.ToJsonString();
    }

    private static async Task<JsonObject> Click(TeamsTestApp app, JsonObject who, string chat, string verb, string proposalId, string activityId, string? comment = null)
    {
        var data = new JsonObject { ["proposalId"] = proposalId };
        if (comment is not null) data["comment"] = comment;
        var invoke = Activities.Execute(app, who, verb, data, activityId, personal: true);
        invoke["conversation"]!["id"] = chat;
        var response = await app.PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonObject)await response.BodyAsync();
    }

    /// <summary>Runs the outbox, then checks the latest redraw (PUT) of every posted copy.</summary>
    private static async Task EveryCopySays(TeamsTestApp app, Dictionary<string, string> cards, string[] says, string? without = null)
    {
        await app.DeliverOutboxAsync();
        foreach (var (chat, activityId) in cards)
        {
            var redrawn = app.Fake.ConnectorCalls.Last(c => c.Method == "PUT" && c.Path == $"/amer/v3/conversations/{chat}/activities/{activityId}").Body!.ToJsonString();
            foreach (var text in says) Assert.Contains(text, redrawn, StringComparison.Ordinal);
            if (without is not null) Assert.DoesNotContain(without, redrawn, StringComparison.Ordinal);
        }
    }

    private static void Discard(TeamsTestApp app)
    {
        foreach (var m in app.Store.TakeDue(app.Clock.GetUtcNow(), 1000, "test", TimeSpan.FromMinutes(5))) app.Store.Complete(m.Id, "test", app.Clock.GetUtcNow());
    }
}
