using System.Text.Json;
using Microsoft.Playwright;

namespace Poet.Tests.Dashboard;

/// <summary>
/// One browser page on the dashboard: collects console errors and uncaught page errors, and attaches a screenshot
/// to the test results when disposed.
/// </summary>
internal sealed class DashboardPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    private DashboardPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add("page error: " + error);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught exceptions so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public static async Task<DashboardPage> OpenAsync(ChromiumBrowser browser, DashboardServer server, string? key = DashboardServer.Key, string hash = "")
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        if (key is not null)
        {
            // As if the key had been typed earlier in this browser session (typing it is tested on its own).
            await context.AddInitScriptAsync($"sessionStorage.setItem('poet.apiKey', {JsonSerializer.Serialize(key)});");
        }

        var page = await context.NewPageAsync();
        var dashboard = new DashboardPage(context, page);
        await page.GotoAsync(server.DashboardAddress + hash);
        return dashboard;
    }

    /// <summary>Saves a full-page screenshot into the test's results.</summary>
    /// <param name="name">A short name for the file.</param>
    /// <returns>The task.</returns>
    public async Task AttachScreenshotAsync(string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{TestContext.CurrentContext.Test.Name}-{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AttachScreenshotAsync("final");
        }
        finally
        {
            await _context.DisposeAsync();
        }
    }
}
