using LeadBot.Insights;
using LeadBot.Storage;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Insights;

public sealed class DigestTests
{
    // The loop checks once at start-up only; the tests call RunDue themselves, so nothing races them.
    private static LeadBotApp App() => InsightsScenario.App(new()
    {
        ["Insights:Digests:CheckEvery"] = "30.00:00:00",
        ["Insights:Digests:ManagersCron"] = "0 8 * * 1-5",
        ["Insights:Digests:MarketingCron"] = "0 8 * * 1",
        ["Insights:MarketingTimeZone"] = "Europe/Berlin",
    });

    [Fact]
    public async Task ManagersDigest_FiresAt8InEachTeamsOwnTimeZone_OncePerSlot()
    {
        using var app = App();
        await InsightsScenario.EmeaWeek(app);
        var digests = app.Get<Digests>();

        // Tuesday 07:01 UTC: 08:01 in Berlin and 07:01 in London; New York's Monday 08:00 (13:00 UTC) has passed too.
        app.Clock.Advance(LeadBotApp.Start.AddHours(22).AddMinutes(1) - app.Clock.GetUtcNow());
        var first = digests.RunDue();
        var again = digests.RunDue();
        app.Clock.Advance(TimeSpan.FromHours(1));
        var london = digests.RunDue();

        Assert.Equal(["managers:EMEA", "managers:North America"], first.Select(m => m.Audience).Order());
        Assert.All(first, m => Assert.Equal(OutboxMessage.Kinds.Digest, m.Kind));
        Assert.Empty(again);
        Assert.Equal(["managers:Enterprise", "managers:Inside Sales"], london.Select(m => m.Audience).Order());
    }

    [Fact]
    public async Task ManagersDigest_CarriesYesterdaysPipeline_AsDocumentedPayload()
    {
        using var app = App();
        await InsightsScenario.EmeaWeek(app);
        app.Clock.Advance(LeadBotApp.Start.AddHours(22).AddMinutes(1) - app.Clock.GetUtcNow());

        var message = Assert.Single(app.Get<Digests>().RunDue(), m => m.Audience == "managers:EMEA");

        var payload = DigestPayload.Read(message.Payload!);
        Assert.Equal((DigestPayload.PipelineType, "yesterday"), (payload.Type, payload.Pipeline!.PeriodLabel));
        Assert.Null(payload.Feedback);
        Assert.Equal((4, 1, "EMEA"), (payload.Pipeline.Stages.Offered, payload.Pipeline.Stages.Won, payload.Pipeline.TeamName));
        Assert.Single(payload.Pipeline.Waiting!);
        Assert.Equal("digest:managers:emea:20261201T0700", message.Id);
    }

    [Fact]
    public async Task MarketingDigest_IsWeekly_WithLastWeeksFeedback()
    {
        using var app = App();
        await InsightsScenario.EmeaWeek(app);
        var digests = app.Get<Digests>();

        // The next Monday 08:00 Berlin is 07:00 UTC a week after the start.
        app.Clock.Advance(LeadBotApp.Start.AddDays(7).AddHours(-2) - app.Clock.GetUtcNow());
        var weekly = digests.RunDue().Where(m => m.Audience == "marketing").ToList();

        var message = Assert.Single(weekly);
        var payload = DigestPayload.Read(message.Payload!);
        Assert.Equal(DigestPayload.FeedbackType, payload.Type);
        Assert.Equal(4, payload.Feedback!.Rows.Sum(r => r.Offered));
        Assert.Equal("Budget frozen until Q3, try again then", Assert.Single(payload.Feedback.LatestComments!).Comment);
    }

    [Fact]
    public void AfterDowntime_OnlyTheLatestMissedSlotIsSent_AndTwoInstancesSendItOnce()
    {
        using var app = App();
        var digests = app.Get<Digests>();
        // Down from Monday 09:00 to Friday 12:00 UTC: Tue, Wed, Thu and Fri slots were missed (New York's Friday is still to come).
        app.Clock.Advance(TimeSpan.FromDays(4) + TimeSpan.FromHours(3));
        var cursors = app.Store.List<object>(DigestSlots.CursorBag).Count;

        var sent = digests.RunDue();
        // Another instance that read the cursors before this one moved them computes the same slot: the outbox keeps one.
        app.Store.Enqueue(sent);
        var due = app.Store.TakeDue(app.Clock.GetUtcNow(), 100, "test", TimeSpan.FromMinutes(1)).Where(m => m.Kind == OutboxMessage.Kinds.Digest).ToList();

        Assert.Equal(5, cursors); // marketing and four teams, set at start-up
        Assert.Equal(4, sent.Count);
        Assert.Equal(
            ["digest:managers:emea:20261204T0700", "digest:managers:enterprise:20261204T0800", "digest:managers:inside sales:20261204T0800", "digest:managers:north america:20261203T1300"],
            sent.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.Equal(4, due.Count);
    }
}
