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
    public async Task Until(Func<bool> done, TimeSpan? tick = null, int seconds = 60)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(seconds)) throw new TimeoutException("The condition did not become true in time.");
            if (tick is { } t) App.Clock.Advance(t);
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Server.DisposeAsync();
    }
}
