using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Channels;
using LeadBot.Channels.Teams;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>
/// Universal Actions refresh: the claimed card everyone sees names the owner's Teams id ("29:…") in refresh.userIds, so
/// only the owner's client fetches the owner version (contact details, outcome buttons).
/// </summary>
public sealed class TeamsCardRefreshTests : IAsyncLifetime
{
    private readonly TeamsTestApp _app = new();
    private static readonly JsonObject Anna = Activities.User("aad-anna", "Anna Schmidt");
    // The EMEA manager: only she (or an admin) may point EMEA's leads at a channel.
    private static readonly JsonObject Marta = Activities.User("aad-marta", "Marta Novak");
    private static readonly JsonObject Luca = Activities.User("aad-luca", "Luca Rossi");

    public Task InitializeAsync()
    {
        _app.Fake.Directory["aad-anna"] = SampleLeads.EmeaRep;
        _app.Fake.Directory["aad-luca"] = SampleLeads.EmeaRep2;
        _app.Fake.Directory["aad-marta"] = SampleLeads.EmeaManager;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Accept_UpdatedCardRefreshesForTheOwnersTeamsId_AndRefreshAnswersPerUser()
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(Activities.InstallInChannel(_app, Anna))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(Activities.ChannelMention(_app, Marta, "subscribe EMEA"))).StatusCode);
        Assert.True((await _app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea("refresh-1"))).IsSuccessStatusCode);
        await _app.DeliverOutboxAsync();
        var leadId = _app.Store.FindByKey("hubspot", "refresh-1")!.Id;
        var posted = Assert.Single(_app.Get<Deliveries>().ForLead(leadId, "teams"), p => p.Kind == "announce");

        await _app.PostAsync(Activities.Execute(_app, Anna, "accept", Activities.LeadData(leadId), posted.MessageId));
        await _app.DeliverOutboxAsync();
        var update = Assert.Single(_app.Fake.ConnectorCalls, c => c.Method == "PUT" && c.Path.Contains(TeamsTestApp.ChannelId, StringComparison.Ordinal));
        var refresh = update.Body!["attachments"]![0]!["content"]!["refresh"]!;
        Assert.Equal(["29:aad-anna"], refresh["userIds"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Equal("refresh", refresh["action"]!["verb"]!.GetValue<string>());

        var forAnna = await (await _app.PostAsync(Activities.Refresh(_app, Anna, refresh["action"]!, posted.MessageId))).BodyAsync();
        Assert.Equal("application/vnd.microsoft.card.adaptive", forAnna["type"]!.GetValue<string>());
        var ownerCard = forAnna["value"]!.ToJsonString();
        Assert.Contains("\"verb\":\"outcome\"", ownerCard, StringComparison.Ordinal);
        Assert.Contains(SampleLeads.Emea("refresh-1")["email"]!.ToString()!, ownerCard, StringComparison.Ordinal);
        Assert.Null(forAnna["value"]!["refresh"]);

        var forLuca = await (await _app.PostAsync(Activities.Refresh(_app, Luca, refresh["action"]!, posted.MessageId))).BodyAsync();
        Assert.Equal("application/vnd.microsoft.card.adaptive", forLuca["type"]!.GetValue<string>());
        var publicCard = forLuca["value"]!.ToJsonString();
        Assert.Contains("Accepted by Anna Schmidt", publicCard, StringComparison.Ordinal);
        Assert.DoesNotContain("\"verb\":\"outcome\"", publicCard, StringComparison.Ordinal);
        Assert.DoesNotContain(SampleLeads.Emea("refresh-1")["email"]!.ToString()!, publicCard, StringComparison.Ordinal);
        Assert.Equal(["29:aad-anna"], forLuca["value"]!["refresh"]!["userIds"]!.AsArray().Select(u => u!.GetValue<string>()));
    }

    [Fact]
    public async Task AnyActivity_TeachesTheSendersTeamsId()
    {
        await _app.PostAsync(Activities.InstallPersonal(_app, Luca));

        var luca = _app.Get<TeamsConversations>().User("aad-luca");
        Assert.NotNull(luca);
        Assert.Equal("29:aad-luca", luca.UserId);
        // Known by object id only (no email yet: an install is not worth a member lookup), so not by email.
        Assert.Null(_app.Get<TeamsConversations>().UserByEmail(SampleLeads.EmeaRep2));
    }

    [Fact]
    public async Task ClaimedCard_ForAnOwnerNeverMetInTeams_HasNoRefresh()
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(Activities.InstallInChannel(_app, Luca))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(Activities.ChannelMention(_app, Marta, "subscribe EMEA"))).StatusCode);
        Assert.True((await _app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea("refresh-2"))).IsSuccessStatusCode);
        await _app.DeliverOutboxAsync();
        var leadId = _app.Store.FindByKey("hubspot", "refresh-2")!.Id;

        // Anna accepts outside Teams (the API): Teams has never seen her, so no id can name her client.
        var accept = await _app.Api().PostJsonAsync($"/api/leads/{leadId}/accept", new { rep = SampleLeads.EmeaRep });
        Assert.True(accept.IsSuccessStatusCode, await accept.Content.ReadAsStringAsync());
        await _app.DeliverOutboxAsync();
        var update = Assert.Single(_app.Fake.ConnectorCalls, c => c.Method == "PUT" && c.Path.Contains(TeamsTestApp.ChannelId, StringComparison.Ordinal));
        Assert.Contains("Accepted by Anna Schmidt", update.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(update.Body!["attachments"]![0]!["content"]!["refresh"]);
    }
}
