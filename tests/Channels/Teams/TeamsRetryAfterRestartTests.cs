using System.Net;
using System.Text.Json.Nodes;
using LeadBot.Channels;
using LeadBot.Handoff.ServiceLevels;
using LeadBot.Leads;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Channels.Teams;

/// <summary>
/// Teams redelivers a card invoke whose answer was slow, and the bot may have restarted in between. Card invokes are
/// remembered in memory only (no store write per click), so after a restart the copy runs its step again: the step must
/// find its work done, answer the same card and change nothing (no version, no event, no outbox message).
/// </summary>
public sealed class TeamsRetryAfterRestartTests : IAsyncLifetime
{
    private static readonly JsonObject Anna = Activities.User("aad-anna", "Anna Schmidt");
    // The EMEA manager: only she (or an admin) may point EMEA's leads at a channel.
    private static readonly JsonObject Marta = Activities.User("aad-marta", "Marta Novak");
    private static readonly JsonObject Luca = Activities.User("aad-luca", "Luca Rossi");
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("leadbot-retry-");
    private TeamsTestApp? _app;

    private TeamsTestApp App => _app ?? throw new InvalidOperationException("Start the bot first.");

    private TeamsTestApp Start()
    {
        _app = new TeamsTestApp(new() { ["ConnectionStrings:LeadBot"] = $"Filename={Path.Combine(_folder.FullName, "leadbot.db")};Connection=shared" });
        _app.Fake.Directory["aad-anna"] = SampleLeads.EmeaRep;
        _app.Fake.Directory["aad-luca"] = SampleLeads.EmeaRep2;
        _app.Fake.Directory["aad-marta"] = SampleLeads.EmeaManager;
        return _app;
    }

    private async Task RestartAsync()
    {
        await App.DisposeAsync();
        Start();
    }

    private async Task<(string LeadId, string PostedId)> AnnouncedLeadAsync(string externalId)
    {
        var app = Start();
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync(Activities.InstallInChannel(app, Anna))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync(Activities.ChannelMention(app, Marta, "subscribe EMEA"))).StatusCode);
        var intake = await app.Api().PostJsonAsync("/api/leads", SampleLeads.Emea(externalId));
        Assert.True(intake.IsSuccessStatusCode, await intake.Content.ReadAsStringAsync());
        await app.DeliverOutboxAsync();
        var leadId = app.Store.FindByKey("hubspot", externalId)!.Id;
        return (leadId, app.Get<Deliveries>().ForLead(leadId, "teams").Single().MessageId);
    }

    /// <summary>The same invoke (same activity id) as the current app would receive it from Teams.</summary>
    private JsonObject Again(JsonObject from, string verb, JsonObject data, string postedId, JsonObject first)
    {
        var copy = Activities.Execute(App, from, verb, data.DeepClone().AsObject(), postedId);
        copy["id"] = first["id"]!.GetValue<string>();
        return copy;
    }

    private async Task<JsonObject> ClickAsync(JsonObject activity)
    {
        var response = await App.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.BodyAsync()).AsObject();
    }

    /// <summary>Everything a repeated step could have changed.</summary>
    private (int Version, int Events, LeadBot.Storage.OutboxStats Outbox) Footprint(string leadId) =>
        (App.Store.Find(leadId)!.Version, App.Store.History(leadId).Count, App.Store.OutboxStats());

    [Fact]
    public async Task Accept_RetriedAfterARestart_AnswersTheOwnerCard_AndChangesNothing()
    {
        var (leadId, posted) = await AnnouncedLeadAsync("retry-accept");
        var click = Activities.Execute(App, Anna, "accept", Activities.LeadData(leadId), posted);
        var first = await ClickAsync(click);
        Assert.Contains("Accepted by Anna Schmidt", first["value"]!.ToJsonString(), StringComparison.Ordinal);

        await RestartAsync();
        var before = Footprint(leadId);
        var again = await ClickAsync(Again(Anna, "accept", Activities.LeadData(leadId), posted, click));

        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.Equal(before, Footprint(leadId));
        Assert.Single(App.Store.History(leadId), e => e.Type == "accepted");
    }

    [Fact]
    public async Task Reject_RetriedAfterARestartAndAReoffer_DoesNotRejectTheLeadAgain()
    {
        var (leadId, posted) = await AnnouncedLeadAsync("retry-reject");
        var data = Activities.LeadData(leadId, reason: "no-budget");
        var click = Activities.Execute(App, Luca, "reject", data.DeepClone().AsObject(), posted);
        var first = await ClickAsync(click);
        Assert.Contains("Rejected by Luca Rossi", first["value"]!.ToJsonString(), StringComparison.Ordinal);

        await RestartAsync();
        // The step after a rejection has run (Handoff:AfterReject; the scheduler may have run it at start already): the
        // lead is with someone else now, so only the rejection itself can tell the copy that it is done.
        App.Get<SlaTimers>().Run();
        var moved = App.Store.Find(leadId)!;
        Assert.NotEqual(LeadState.Rejected, moved.State);
        var before = Footprint(leadId);

        var again = await ClickAsync(Again(Luca, "reject", data, posted, click));

        Assert.Contains("already rejected", again.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, Footprint(leadId));
        Assert.Single(App.Store.History(leadId), e => e.Type == "rejected");
    }

    [Fact]
    public async Task Outcome_RetriedAfterARestart_AnswersTheSameCard_AndRecordsItOnce()
    {
        var (leadId, posted) = await AnnouncedLeadAsync("retry-outcome");
        await ClickAsync(Activities.Execute(App, Anna, "accept", Activities.LeadData(leadId), posted));
        var data = Activities.LeadData(leadId, outcome: "contacted");
        var click = Activities.Execute(App, Anna, "outcome", data.DeepClone().AsObject(), posted);
        var first = await ClickAsync(click);
        Assert.Equal(LeadState.Contacted, App.Store.Find(leadId)!.State);

        await RestartAsync();
        var before = Footprint(leadId);
        var again = await ClickAsync(Again(Anna, "outcome", data, posted, click));

        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.Equal(before, Footprint(leadId));
        Assert.Single(App.Store.History(leadId), e => e.Type == "contacted");
    }

    [Fact]
    public async Task Accept_RepeatedWithoutARestart_IsAnsweredFromMemory_WithoutAStoreMark()
    {
        var (leadId, posted) = await AnnouncedLeadAsync("retry-memory");
        var click = Activities.Execute(App, Anna, "accept", Activities.LeadData(leadId), posted);
        await ClickAsync(click);
        var key = $"teams:msteams:{TeamsTestApp.ChannelId}:{click["id"]!.GetValue<string>()}";
        // No durable mark was written for the click: the store would take the key now as a first sighting.
        Assert.True(App.Store.TryMarkOnce(key, App.Clock.GetUtcNow(), TimeSpan.FromMinutes(1)));
        var before = Footprint(leadId);

        var again = await ClickAsync(click.DeepClone().AsObject());

        Assert.Contains("Accepted by Anna Schmidt", again["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, Footprint(leadId));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        try { _folder.Delete(recursive: true); } catch (IOException) { } // best effort
    }
}
