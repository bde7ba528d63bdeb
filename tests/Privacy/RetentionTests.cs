using System.Net;
using LeadBot.Leads;
using LeadBot.Privacy;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Privacy;

/// <summary>Retention through the real bot and its daily schedule, on a fake clock moved a day at a time.</summary>
public sealed class RetentionTests : IDisposable
{
    private readonly LeadBotApp _app = new(new()
    {
        ["Privacy:EraseClosedLeadsAfter"] = "30.00:00:00",
        ["Privacy:EraseOpenLeadsAfter"] = "60.00:00:00",
    });

    public void Dispose() => _app.Dispose();

    private async Task<string> PostAsync(HttpClient api, Dictionary<string, object?> lead) =>
        (string)(await (await api.PostJsonAsync("/api/leads", lead)).BodyAsync())["id"]!;

    private async Task<string> WonAsync(HttpClient api, string externalId)
    {
        var id = await PostAsync(api, SampleLeads.Emea(externalId));
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync($"/api/leads/{id}/accept", new { rep = SampleLeads.EmeaRep })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync($"/api/leads/{id}/outcome", new { outcome = "won", rep = SampleLeads.EmeaRep, amount = 1000 })).StatusCode);
        return id;
    }

    /// <summary>Moves the clock a day and waits until that day's 03:00 run has finished.</summary>
    private async Task NextDayAsync()
    {
        var loop = _app.Get<PrivacyLoop>();
        var slot = loop.NextRun(_app.Clock.GetUtcNow());
        _app.Clock.Advance(TimeSpan.FromDays(1));
        for (var waited = 0; loop.Status().LastRun?.At != slot; waited += 10)
        {
            Assert.True(waited < 10_000, $"The privacy run of {slot:u} did not happen.");
            await Task.Delay(10);
        }
    }

    private bool Erased(string id) => _app.Store.Find(id)!.ErasedAt is not null;

    [Fact]
    public async Task DailyRun_ErasesExactlyTheLeadsPastTheirAge()
    {
        var api = _app.Api();
        var wonEarly = await WonAsync(api, "won-early");           // closed 30 Nov 09:00
        var nurture = await PostAsync(api, SampleLeads.Nurture()); // closed (nurture) 30 Nov 09:00
        var waiting = await PostAsync(api, SampleLeads.Emea("waiting"));   // nobody works it: open rule, 60 days
        var worked = await PostAsync(api, SampleLeads.Emea("worked"));
        await api.PostJsonAsync($"/api/leads/{worked}/accept", new { rep = SampleLeads.EmeaRep2 }); // being worked: never by age
        for (var day = 0; day < 20; day++) await NextDayAsync();
        var wonLater = await WonAsync(api, "won-later");           // closed 20 Dec 09:00
        var counts = _app.Store.CounterTotals(LeadBotApp.Start.AddDays(-1), LeadBotApp.Start.AddDays(40));

        for (var day = 20; day < 30; day++) await NextDayAsync();  // the run of 30 Dec 03:00: 29 days 18 hours
        Assert.False(Erased(wonEarly));
        Assert.False(Erased(nurture));

        await NextDayAsync();                                       // the run of 31 Dec 03:00: past 30 days
        Assert.True(Erased(wonEarly));
        Assert.True(Erased(nurture));
        Assert.False(Erased(wonLater));
        Assert.False(Erased(waiting));
        Assert.False(Erased(worked));
        Assert.Equal(2, _app.Get<PrivacyLoop>().Status().LastRun!.ClosedErased);
        Assert.Equal(counts, _app.Store.CounterTotals(LeadBotApp.Start.AddDays(-1), LeadBotApp.Start.AddDays(40)));
        Assert.Equal("retention", _app.Store.History(wonEarly)[^1].Actor);
        // Compaction ran with the same run, since something was erased.
        Assert.Null(_app.Get<Compaction>().State.DueSince);
        Assert.NotNull(_app.Get<Compaction>().State.LastAt);

        for (var day = 31; day < 60; day++) await NextDayAsync();  // 28 Jan 03:00: the unworked lead is 58 days 18 hours old
        Assert.False(Erased(waiting));
        await NextDayAsync();
        Assert.True(Erased(waiting));
        Assert.False(Erased(worked));
        Assert.True(Erased(wonLater));
    }

    [Fact]
    public async Task Healthz_ShowsTheScheduleToAKeyHolder()
    {
        var health = await (await _app.Api().GetAsync("/healthz")).BodyAsync();

        var privacy = health["privacy"]!;
        Assert.Equal("30.00:00:00", (string?)privacy["eraseClosedLeadsAfter"]);
        Assert.Equal("60.00:00:00", (string?)privacy["eraseOpenLeadsAfter"]);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero), privacy["nextRun"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public void PeriodShorterThanADay_StopsTheStartWithAMessageNamingTheKey()
    {
        using var app = new LeadBotApp(new() { ["Privacy:EraseClosedLeadsAfter"] = "12:00:00" });
        var e = app.FailsToStart<Exception>();
        Assert.Contains("Privacy:EraseClosedLeadsAfter", e.ToString(), StringComparison.Ordinal);
    }
}
