using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Poet.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium through Playwright) against the real DriftApi on a loopback
/// port: what a person sees after checks and feedback. Each test also proves the page logged no console error.
/// </summary>
[TestFixture]
[NonParallelizable] // the dashboard's execution observer sees every POET call of the process
public sealed class DashboardBrowserTests
{
    private const string FunctionHash = "#/functions/IDriftDetector.Detect";
    private ChromiumBrowser? _browser;

    private ChromiumBrowser Browser => _browser ?? throw new InvalidOperationException("The browser did not start.");

    [OneTimeSetUp]
    public async Task LaunchBrowser()
    {
        SetDefaultExpectTimeout(20_000); // a waiting limit for a slow shared machine, not a speed assertion
        _browser = await ChromiumBrowser.LaunchOrIgnoreAsync();
    }

    [OneTimeTearDown]
    public async Task CloseBrowser()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }

    [Test]
    public async Task Functions_page_lists_each_function_with_version_values_calls_and_feedback()
    {
        using var server = DashboardServer.Start();
        await server.LearnAsync(2);
        await server.CheckAsync();

        await using var dashboard = await DashboardPage.OpenAsync(Browser, server);
        var row = dashboard.Page.Locator("#functions tr[data-function='IDriftDetector.Detect']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("v3 of 3");
        await Expect(row.Locator("td").Nth(2)).ToContainTextAsync("threshold = ");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("3");        // calls in the last hour
        await Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("0.0 %");    // error rate
        await Expect(row.Locator("td").Nth(5)).ToContainTextAsync(" ms");   // p50
        await Expect(row.Locator("td").Nth(7)).ToHaveTextAsync("2");        // feedback count

        Assert.That(dashboard.Errors, Is.Empty);
    }

    [Test]
    public async Task Chart_has_one_point_per_version_after_feedbacks_with_the_learned_values_and_the_bounds()
    {
        using var server = DashboardServer.Start();
        await server.LearnAsync(3);
        var function = await server.GetJsonAsync("/poet/functions/IDriftDetector.Detect");
        var learned = function.GetProperty("versions").EnumerateArray()
            .Select(v => v.GetProperty("parameters").GetProperty("threshold").GetDouble()).ToArray();

        await using var dashboard = await DashboardPage.OpenAsync(Browser, server, hash: FunctionHash);
        var chart = dashboard.Page.Locator("svg.chart[data-parameter='threshold']");
        await Expect(chart.Locator("circle.point")).ToHaveCountAsync(4);
        await Expect(chart.Locator("circle.point.current")).ToHaveAttributeAsync("data-version", "4");
        await Expect(chart.Locator(".feedback-mark:not(.no-change)")).ToHaveCountAsync(3);
        await Expect(chart.Locator("line.bound")).ToHaveCountAsync(2);
        await Expect(chart.Locator(".bound-label").Last).ToHaveTextAsync("max 10");

        var drawn = new List<double>();
        foreach (var point in await chart.Locator("circle.point").AllAsync())
        {
            drawn.Add(double.Parse((await point.GetAttributeAsync("data-value"))!, System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.That(drawn, Is.EqualTo(learned).Within(1e-9));
        Assert.That(learned, Is.Ordered.Ascending.And.Unique, "'false alarm' raises the threshold each time");
        await Expect(dashboard.Page.Locator("#versions tbody tr")).ToHaveCountAsync(4);
        await Expect(dashboard.Page.Locator("#feedback tbody tr")).ToHaveCountAsync(3);
        await dashboard.AttachScreenshotAsync("function");
        Assert.That(dashboard.Errors, Is.Empty);
    }

    [Test]
    public async Task Rollback_from_the_page_makes_the_older_version_current()
    {
        using var server = DashboardServer.Start();
        await server.LearnAsync(2);

        await using var dashboard = await DashboardPage.OpenAsync(Browser, server, hash: FunctionHash);
        await dashboard.Page.ClickAsync("#versions button.rollback[data-version='1']");

        await Expect(dashboard.Page.Locator("#versions tr.current")).ToHaveAttributeAsync("data-version", "1");
        await Expect(dashboard.Page.Locator("#message")).ToContainTextAsync("Version 1 of IDriftDetector.Detect is current again.");
        var function = await server.GetJsonAsync("/poet/functions/IDriftDetector.Detect");
        Assert.That(function.GetProperty("currentVersion").GetInt32(), Is.EqualTo(1));
        Assert.That(dashboard.Errors, Is.Empty);
    }

    [Test]
    public async Task Hostile_feedback_is_shown_as_text_and_never_runs()
    {
        const string Hostile = "<script>window.__poetPwned = 1</script><img src=x onerror=\"window.__poetPwned = 2\"> false alarm";
        using var server = DashboardServer.Start();
        await server.FeedbackAsync(await server.CheckAsync(), JsonSerializer.Serialize(Hostile));
        await server.FeedbackAsync(await server.CheckAsync(), """{"comment":"<img src=x onerror=alert(1)>","rating":1}""");

        await using var dashboard = await DashboardPage.OpenAsync(Browser, server, hash: FunctionHash);
        var texts = dashboard.Page.Locator("#feedback td.feedback-text");
        await Expect(texts).ToHaveCountAsync(2);
        await Expect(texts.Last).ToHaveTextAsync(Hostile);
        await Expect(texts.First).ToContainTextAsync("<img src=x onerror=alert(1)>");
        await Expect(dashboard.Page.Locator("main img, main script")).ToHaveCountAsync(0);

        var pwned = await dashboard.Page.EvaluateAsync<JsonElement>("() => window.__poetPwned === undefined");
        Assert.That(pwned.GetBoolean(), Is.True, "the feedback's script ran");
        Assert.That(dashboard.Errors, Is.Empty);
    }

    [Test]
    public async Task A_wrong_key_shows_a_clear_message_and_no_key_asks_for_one()
    {
        using var server = DashboardServer.Start();
        await server.CheckAsync();

        await using var wrong = await DashboardPage.OpenAsync(Browser, server, key: "not-the-key");
        await Expect(wrong.Page.Locator("#message")).ToContainTextAsync("The API key was rejected (403)");
        await Expect(wrong.Page.Locator("#functions tbody tr")).ToHaveCountAsync(0);
        Assert.That(wrong.Errors, Has.All.Match(OnlyRefusedRequest), "only the refused requests may be logged");

        await using var none = await DashboardPage.OpenAsync(Browser, server, key: null);
        await Expect(none.Page.Locator("#message")).ToContainTextAsync("This server needs the API key");

        await none.Page.FillAsync("#key-input", DashboardServer.Key);
        await none.Page.ClickAsync("#key-use");
        await Expect(none.Page.Locator("#functions tr[data-function='IDriftDetector.Detect']")).ToBeVisibleAsync();
        await Expect(none.Page.Locator("#message")).ToBeHiddenAsync();
    }

    [Test]
    public async Task New_versions_feedback_and_executions_appear_without_a_reload()
    {
        using var server = DashboardServer.Start();
        await server.LearnAsync(1);

        await using var dashboard = await DashboardPage.OpenAsync(Browser, server, hash: FunctionHash);
        var points = dashboard.Page.Locator("svg.chart[data-parameter='threshold'] circle.point");
        await Expect(points).ToHaveCountAsync(2);
        await Expect(dashboard.Page.Locator("#executions tbody tr[data-execution]")).ToHaveCountAsync(1);

        await server.LearnAsync(1);
        var executionId = await server.CheckAsync();

        await Expect(points).ToHaveCountAsync(3);
        await Expect(dashboard.Page.Locator("#feedback tbody tr[data-feedback]")).ToHaveCountAsync(2);
        await Expect(dashboard.Page.Locator($"#executions tr[data-execution='{executionId}']")).ToBeVisibleAsync();
        Assert.That(dashboard.Errors, Is.Empty);
    }

    [Test]
    public async Task Executions_filter_by_outcome_and_open_one_by_id_with_its_arguments()
    {
        using var server = DashboardServer.Start();
        var ok = await server.CheckAsync();
        server.FailOnce();

        await using var dashboard = await DashboardPage.OpenAsync(Browser, server, hash: FunctionHash);
        var rows = dashboard.Page.Locator("#executions tbody tr[data-execution]");
        await Expect(rows).ToHaveCountAsync(2);

        await dashboard.Page.SelectOptionAsync("#outcome-filter", "success");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-execution", ok);

        await dashboard.Page.FillAsync("#execution-search", ok);
        await dashboard.Page.ClickAsync("#execution-search-form button");
        var json = dashboard.Page.Locator("#execution-json");
        await Expect(json).ToContainTextAsync($"\"id\": \"{ok}\"");
        await Expect(json).ToContainTextAsync("\"reference\"");
        await Expect(json).ToContainTextAsync("\"threshold\": 3");
        Assert.That(dashboard.Errors, Is.Empty);
    }

    [Test]
    public async Task Anonymous_reads_show_the_dashboard_without_a_key_but_rollback_asks_for_it()
    {
        using var server = DashboardServer.Start(new() { ["Poet:Endpoints:AllowAnonymousReads"] = "true" });
        await server.LearnAsync(1);

        await using var dashboard = await DashboardPage.OpenAsync(Browser, server, key: null, hash: FunctionHash);
        await Expect(dashboard.Page.Locator("svg.chart circle.point")).ToHaveCountAsync(2);
        await dashboard.Page.ClickAsync("#versions button.rollback[data-version='1']");
        await Expect(dashboard.Page.Locator("#message")).ToContainTextAsync("Rolling back needs the API key");
        var function = await server.GetJsonAsync("/poet/functions/IDriftDetector.Detect");
        Assert.That(function.GetProperty("currentVersion").GetInt32(), Is.EqualTo(2));
        Assert.That(dashboard.Errors, Has.All.Match(OnlyRefusedRequest));
    }

    // Chromium logs every refused fetch ("Failed to load resource: ... 401/403"); nothing else may appear.
    private const string OnlyRefusedRequest = "^Failed to load resource: the server responded with a status of 40[13]";
}
