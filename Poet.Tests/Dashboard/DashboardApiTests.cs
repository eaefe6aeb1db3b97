using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Poet.Tests.Dashboard;

/// <summary>
/// The JSON endpoints the dashboard reads (stats, feedback, recent executions, learnables) and how the dashboard's
/// files are served, through the real DriftApi over HTTP.
/// </summary>
[TestFixture]
[NonParallelizable] // the dashboard's execution observer sees every POET call of the process
public sealed class DashboardApiTests
{
    private const string Function = "/poet/functions/IDriftDetector.Detect";

    [Test]
    public async Task Stats_count_the_calls_errors_durations_and_feedback_of_the_last_hour()
    {
        using var server = DashboardServer.Start();
        var first = await server.CheckAsync();
        await server.CheckAsync();
        server.FailOnce();
        await server.FeedbackAsync(first, "\"looks right\"");

        var stats = await server.GetJsonAsync(Function + "/stats");
        Assert.Multiple(() =>
        {
            Assert.That(stats.GetProperty("calls").GetInt64(), Is.EqualTo(3));
            Assert.That(stats.GetProperty("errors").GetInt64(), Is.EqualTo(1));
            Assert.That(stats.GetProperty("errorRate").GetDouble(), Is.EqualTo(1.0 / 3).Within(1e-9));
            Assert.That(stats.GetProperty("p50Ms").GetDouble(), Is.GreaterThan(0));
            Assert.That(stats.GetProperty("p99Ms").GetDouble(), Is.GreaterThanOrEqualTo(stats.GetProperty("p50Ms").GetDouble()));
            Assert.That(stats.GetProperty("windowMinutes").GetInt32(), Is.EqualTo(60));
            Assert.That(stats.GetProperty("feedbackCount").GetInt32(), Is.EqualTo(1));
            Assert.That(stats.GetProperty("lastFeedbackAt").GetDateTimeOffset(), Is.GreaterThan(stats.GetProperty("observedSince").GetDateTimeOffset()));
            Assert.That(stats.GetProperty("currentVersion").GetInt32(), Is.EqualTo(1));
        });

        var all = await server.GetJsonAsync("/poet/stats");
        var listed = all.EnumerateArray().Single(s => s.GetProperty("functionId").GetString() == DashboardServer.FunctionId);
        Assert.That(listed.GetProperty("calls").GetInt64(), Is.EqualTo(3));
    }

    [Test]
    public async Task Feedback_list_is_newest_first_with_the_payload_as_sent_its_signal_and_the_version_it_produced()
    {
        using var server = DashboardServer.Start();
        await server.LearnAsync(1);
        await server.FeedbackAsync(await server.CheckAsync(), """{"rating":5,"comment":"<b>fine</b>"}""");

        var list = await server.GetJsonAsync(Function + "/feedback");
        Assert.That(list.GetArrayLength(), Is.EqualTo(2));
        var newest = list[0];
        var oldest = list[1];
        Assert.Multiple(() =>
        {
            Assert.That(newest.GetProperty("raw").GetProperty("comment").GetString(), Is.EqualTo("<b>fine</b>"));
            Assert.That(oldest.GetProperty("raw").GetString(), Is.EqualTo("False alarm - that was a seasonal dip."));
            Assert.That(oldest.GetProperty("signal").GetProperty("verdict").GetString(), Is.EqualTo("falsePositive"));
            Assert.That(oldest.GetProperty("signal").GetProperty("translator").GetString(), Is.EqualTo("offline"));
            Assert.That(oldest.GetProperty("producedVersion").GetInt32(), Is.EqualTo(2));
            Assert.That(oldest.GetProperty("changes")[0].GetProperty("name").GetString(), Is.EqualTo("threshold"));
            Assert.That(newest.GetProperty("receivedAt").GetDateTimeOffset(), Is.GreaterThanOrEqualTo(oldest.GetProperty("receivedAt").GetDateTimeOffset()));
        });

        var one = await server.GetJsonAsync(Function + "/feedback?limit=1");
        Assert.That(one.GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Recent_executions_are_newest_first_and_filter_by_outcome()
    {
        using var server = DashboardServer.Start();
        var first = await server.CheckAsync();
        server.FailOnce();
        var last = await server.CheckAsync();

        var all = await server.GetJsonAsync(Function + "/executions");
        Assert.That(all.EnumerateArray().Select(e => e.GetProperty("outcome").GetString()), Is.EqualTo(new[] { "success", "failed", "success" }));
        Assert.That(all[0].GetProperty("id").GetString(), Is.EqualTo(last));
        Assert.That(all[2].GetProperty("id").GetString(), Is.EqualTo(first));
        Assert.That(all[1].GetProperty("errorType").GetString(), Is.EqualTo(typeof(ArgumentException).FullName));

        var failed = await server.GetJsonAsync(Function + "/executions?outcome=failed");
        Assert.That(failed.GetArrayLength(), Is.EqualTo(1));
        var limited = await server.GetJsonAsync(Function + "/executions?limit=1");
        Assert.That(limited[0].GetProperty("id").GetString(), Is.EqualTo(last));
    }

    [TestCase("/executions?outcome=bogus", "outcome")]
    [TestCase("/executions?limit=0", "limit")]
    [TestCase("/executions?limit=201", "limit")]
    [TestCase("/feedback?limit=ten", "limit")]
    public async Task Bad_query_values_get_a_400_naming_the_parameter(string query, string field)
    {
        using var server = DashboardServer.Start();
        await server.CheckAsync();

        using var response = await server.Http.GetAsync(Function + query);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToString());
        Assert.That(problem.GetProperty("errors").GetProperty(field)[0].GetString(), Does.StartWith("Must be"));
    }

    [Test]
    public async Task Learnables_give_each_parameters_bounds_default_and_current_value()
    {
        using var server = DashboardServer.Start();
        await server.LearnAsync(1);

        var learnables = await server.GetJsonAsync(Function + "/learnables");
        var threshold = learnables.EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(threshold.GetProperty("name").GetString(), Is.EqualTo("threshold"));
            Assert.That(threshold.GetProperty("min").GetDouble(), Is.EqualTo(0.01));
            Assert.That(threshold.GetProperty("max").GetDouble(), Is.EqualTo(10));
            Assert.That(threshold.GetProperty("default").GetDouble(), Is.EqualTo(3));
            Assert.That(threshold.GetProperty("value").GetDouble(), Is.GreaterThan(3));
        });
    }

    [TestCase("/stats")]
    [TestCase("/feedback")]
    [TestCase("/executions")]
    [TestCase("/learnables")]
    public async Task Each_function_endpoint_answers_404_for_an_unknown_function_and_needs_the_key(string suffix)
    {
        using var server = DashboardServer.Start();
        await server.CheckAsync();

        using var unknown = await server.Http.GetAsync("/poet/functions/INope.Nothing" + suffix);
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknown.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));

        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        using var missing = await anonymous.GetAsync(Function + suffix);
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, Function + suffix);
        wrong.Headers.Add("X-Api-Key", "wrong-key");
        using var rejected = await anonymous.SendAsync(wrong);
        Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Anonymous_reads_open_the_stats_when_configured()
    {
        using var server = DashboardServer.Start(new() { ["Poet:Endpoints:AllowAnonymousReads"] = "true" });
        await server.CheckAsync();

        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await anonymous.GetAsync("/poet/stats");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Dashboard_is_served_from_embedded_files_with_a_content_security_policy_without_inline_script()
    {
        using var server = DashboardServer.Start();
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

        using var bare = await anonymous.GetAsync("/poet/ui");
        Assert.That(bare.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(bare.Headers.Location?.OriginalString, Is.EqualTo("/poet/ui/"));

        using var page = await anonymous.GetAsync("/poet/ui/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(csp, Does.Contain("script-src 'self'").And.Contain("default-src 'none'").And.Not.Contain("unsafe-inline"));
        Assert.That(page.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        Assert.That(html, Does.Not.Match("<script(?![^>]*\\bsrc=)").And.Not.Contain("style=").And.Not.Match(" on[a-z]+="));

        foreach (var (file, type) in new[] { ("dashboard.js", "text/javascript"), ("chart.js", "text/javascript"), ("dashboard.css", "text/css"), ("favicon.svg", "image/svg+xml") })
        {
            using var asset = await anonymous.GetAsync("/poet/ui/" + file);
            Assert.That(asset.StatusCode, Is.EqualTo(HttpStatusCode.OK), file);
            Assert.That(asset.Content.Headers.ContentType?.MediaType, Is.EqualTo(type), file);
            Assert.That(html, Does.Contain(file), "index.html links every file");
        }

        using var missing = await anonymous.GetAsync("/poet/ui/secrets.json");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        using var script = await anonymous.GetAsync("/poet/ui/dashboard.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/poet/ui/dashboard.js");
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        using var notModified = await anonymous.SendAsync(again);
        Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task Dashboard_turned_off_answers_404_and_stops_watching_executions_leaving_the_json_api()
    {
        using var server = DashboardServer.Start(new() { ["Poet:Endpoints:EnableDashboard"] = "false" });
        await server.LearnAsync(1);

        using var page = await server.Http.GetAsync("/poet/ui/");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var stats = await server.GetJsonAsync(Function + "/stats");
        Assert.Multiple(() =>
        {
            Assert.That(stats.GetProperty("calls").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(stats.GetProperty("observedSince").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(stats.GetProperty("feedbackCount").GetInt32(), Is.EqualTo(1));
            Assert.That(stats.GetProperty("currentVersion").GetInt32(), Is.EqualTo(2));
        });

        using var recent = await server.Http.GetAsync(Function + "/executions");
        var problem = await recent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(recent.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("EnableDashboard"));
    }

    [Test]
    public async Task OpenApi_documents_the_new_endpoints_but_not_the_dashboards_files()
    {
        using var server = DashboardServer.Start();

        var document = await server.GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.That(paths, Is.SupersetOf(new[]
        {
            "/poet/stats", "/poet/functions/{functionId}/stats", "/poet/functions/{functionId}/feedback",
            "/poet/functions/{functionId}/executions", "/poet/functions/{functionId}/learnables",
        }));
        Assert.That(paths, Has.None.StartsWith("/poet/ui"));
    }
}
