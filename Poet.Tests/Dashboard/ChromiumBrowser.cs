using Microsoft.Playwright;

namespace Poet.Tests.Dashboard;

/// <summary>
/// Debian's Chromium driven by Playwright for .NET (Playwright's own browser download is not used). Without
/// Chromium on a developer's machine the browser tests are ignored with the command that installs it; CI installs it
/// (<c>.ci/chromium.sh</c>) and fails when it is still missing, so there they always run.
/// </summary>
internal sealed class ChromiumBrowser : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    // Without the background-networking flags Chromium's own connections are refused on a closed network and logged.
    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;

    private ChromiumBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Launches headless Chromium, or ignores the test when it is not installed.</summary>
    /// <returns>The browser.</returns>
    public static async Task<ChromiumBrowser> LaunchOrIgnoreAsync()
    {
        var path = Environment.GetEnvironmentVariable("POET_CHROMIUM") is { Length: > 0 } custom ? custom : ExecutablePath;
        if (!File.Exists(path))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"Chromium is not installed at {path}: .ci/chromium.sh should have installed it (apt-get install -y chromium).");
            }

            Assert.Ignore($"Chromium is not installed at {path}: install it with 'sudo apt-get install -y chromium' " +
                          "(or set POET_CHROMIUM to a Chromium binary) to run the dashboard's browser tests.");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = true,
                Args = Arguments,
            });
            return new ChromiumBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
