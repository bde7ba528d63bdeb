using LeadBot.Handoff.ServiceLevels;
using LeadBot.Tests.Support;

namespace LeadBot.Tests.Handoff.ServiceLevels;

/// <summary>A new process on the same LiteDB file neither loses a timer nor fires one again.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("leadbot-restart-").FullName;

    public void Dispose() { try { Directory.Delete(_folder, true); } catch (IOException) { } }

    private LeadBotApp Start(TimeSpan since)
    {
        var app = new LeadBotApp(new() { ["ConnectionStrings:LeadBot"] = $"Filename={Path.Combine(_folder, "leadbot.db")};Connection=shared" });
        app.Clock.Advance(since);
        return app;
    }

    [Fact]
    public async Task ATimerThatFired_DoesNotFireAgainAfterARestart_EvenIfItsMarkWasLost()
    {
        string id;
        using (var first = Start(TimeSpan.Zero))
        {
            id = (string)(await (await first.Api().PostJsonAsync("/api/leads", SampleLeads.Emea())).BodyAsync())["id"]!;
            first.Clock.Advance(TimeSpan.FromMinutes(6));
            first.Get<SlaTimers>().Run();
            Assert.Single(first.Store.History(id), e => e.Type == "escalated");
        }
        using (var second = Start(TimeSpan.FromMinutes(7)))
        {
            Assert.Equal(0, second.Get<SlaTimers>().Run());
            // Killed after the step was written but before it was marked: the history still tells.
            var offeredAt = second.Store.Find(id)!.OfferedAt!.Value;
            Assert.True(second.Store.Remove(SlaTimers.FiredBag, $"{id}|escalate|{offeredAt.UtcTicks}"));
            Assert.Equal(0, second.Get<SlaTimers>().Run());
            Assert.Single(second.Store.History(id), e => e.Type == "escalated");
        }
    }

    [Fact]
    public async Task ATimerThatCameDueWhileTheBotWasDown_FiresOnceAfterTheRestart()
    {
        string id;
        using (var first = Start(TimeSpan.Zero))
            id = (string)(await (await first.Api().PostJsonAsync("/api/leads", SampleLeads.Emea())).BodyAsync())["id"]!;

        using var second = Start(TimeSpan.FromMinutes(10));
        second.Get<SlaTimers>().Run();
        second.Get<SlaTimers>().Run();

        Assert.Single(second.Store.History(id), e => e.Type == "escalated");
    }
}
