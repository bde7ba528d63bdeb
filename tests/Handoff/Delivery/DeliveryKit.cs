using System.Diagnostics;
using LeadBot.Channels;
using LeadBot.Handoff.Delivery;
using LeadBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LeadBot.Tests.Handoff.Delivery;

/// <summary>The bot with the fake platform wired in as its only chat channel.</summary>
public sealed class DeliveryKit : IAsyncDisposable
{
    public FakeChatServer Server { get; }
    public LeadBotApp App { get; }
    public HttpChannel Channel => App.Get<IEnumerable<IChannelDelivery>>().OfType<HttpChannel>().Single();

    private DeliveryKit(FakeChatServer server, LeadBotApp app) => (Server, App) = (server, app);

    /// <summary>Service levels are pushed out of the way: these tests are about delivery.</summary>
    /// <param name="services">More registrations, e.g. telemetry exporters.</param>
    public static async Task<DeliveryKit> StartAsync(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var server = await FakeChatServer.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["Delivery:Enabled"] = "true", ["Sla:ClaimWithin"] = "10.00:00:00", ["Sla:ReassignAfter"] = "20.00:00:00", ["Delivery:Lease"] = "00:10:00",
        };
        foreach (var (k, v) in settings ?? []) all[k] = v;
        var app = new LeadBotApp(all, s =>
        {
            s.AddSingleton<IChannelDelivery>(sp => new HttpChannel(server, sp.GetRequiredService<LeadBot.Storage.ILeadStore>(), sp.GetRequiredService<TimeProvider>()));
            services?.Invoke(s);
        });
        _ = app.Server; // start the host, and with it the dispatcher
        return new DeliveryKit(server, app);
    }

    /// <summary>Waits (in real time, for background work) until <paramref name="done"/>, moving the fake clock by <paramref name="tick"/> each round.</summary>
    /// <param name="poll">
    /// Wakes the dispatcher every 100 ms, as its poll does in production, without moving the clock: for tests about what is
    /// sent, not about how fast. Under heavy load a wake-up after a write was seen to go unanswered until the next poll,
    /// which a stopped test clock never brings (see docs/delivery.md).
    /// </param>
    public async Task Until(Func<bool> done, TimeSpan? tick = null, int seconds = 60, bool poll = false)
    {
        var watch = Stopwatch.StartNew();
        var rounds = 0;
        while (!done())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(seconds)) throw new TimeoutException("The condition did not become true in time. " + Outbox());
            if (tick is { } t) App.Clock.Advance(t);
            if (poll && ++rounds % 10 == 0) App.Get<OutboxSignal>().Poke();
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// What is not sent yet, for a failure message: read a year ahead, so it lists messages waiting in the store and those
    /// the dispatcher holds under a lease alike (it leases what it reads: the test is over by then).
    /// </summary>
    private string Outbox()
    {
        var store = App.Store;
        var pending = store.TakeDue(App.Clock.GetUtcNow().AddYears(1), 20, "diagnostics", TimeSpan.FromDays(1));
        return $"{store.OutboxStats()}; clock {App.Clock.GetUtcNow():O}; not sent (waiting or held): " +
            string.Join("; ", pending.Select(m => $"{m.Id} due {m.DueAt:O} attempts {m.Attempts} error {m.LastError}"));
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Server.DisposeAsync();
    }
}
