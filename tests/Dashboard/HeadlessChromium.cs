using LeadBot.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LeadBot.Tests.Dashboard;

/// <summary>
/// Debian's headless Chromium driven by Playwright, with one page that counts the dialogs anything tried to open. Fails,
/// never skips, when Chromium is missing.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private int _dialogs;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.Dialog += (_, d) => { Interlocked.Increment(ref _dialogs); _ = d.DismissAsync(); };
    }

    public IPage Page { get; }

    /// <summary>Dialogs (alert, confirm) the page tried to open: any is a script that ran.</summary>
    public int Dialogs => Volatile.Read(ref _dialogs);

    public static async Task<HeadlessChromium> OpenAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's browser with apt-get install -y chromium (Playwright never downloads one here).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        return new HeadlessChromium(playwright, browser, page);
    }

    /// <summary>Starts the bot on Kestrel on loopback (local mode: no key needed) and answers its root URL.</summary>
    public static string Serve(LeadBotApp app)
    {
        app.UseKestrel(0);
        app.StartServer();
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    /// <summary>A full-page screenshot into the test output, never into the checkout: docs/screenshots.sh copies it to docs/.</summary>
    public async Task<FileInfo> ScreenshotAsync(string name)
    {
        var shot = Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        return new FileInfo(shot);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
