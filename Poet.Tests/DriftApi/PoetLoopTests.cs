using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DriftApi;
using DriftApi.Controllers;

namespace Poet.Tests.DriftApi;

/// <summary>
/// The whole loop through the real app with real POET over a temporary store: check, feedback, a new version,
/// check again with the learned threshold; rollback; concurrent feedback losing nothing. These tests only use
/// HTTP.
/// </summary>
[TestFixture]
public sealed class PoetLoopTests
{
    private const string FunctionId = "IDriftDetector.Detect";

    // A seasonal dip: about 3.2 reference deviations, so drift at the default threshold 3.0.
    private const string CheckBody = """{"reference":[10,11,9,10,11,9,10,11,9,10],"current":[7.4,7.3,7.5]}""";

    [Test]
    public async Task Check_feedback_new_version_and_check_again_with_the_learned_threshold()
    {
        using var factory = new DriftApiFactory();
        using var client = factory.CreateKeyedClient();

        var first = await CheckAsync(client);
        Assert.That(first.Report.GetProperty("threshold").GetDouble(), Is.EqualTo(3.0));
        Assert.That(first.Report.GetProperty("isDrift").GetBoolean(), Is.True);

        var feedback = await client.PostAsync($"/drift/{first.ExecutionId}/feedback", Json("\"False alarm - that was a seasonal dip.\""));
        var outcome = await feedback.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(feedback.StatusCode, Is.EqualTo(HttpStatusCode.OK), outcome.ToString());
        Assert.That(outcome.GetProperty("newVersion").GetInt32(), Is.EqualTo(2));
        var change = outcome.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "threshold");
        Assert.That(change.GetProperty("newValue").GetDouble(), Is.GreaterThan(3.0));

        var function = await client.GetFromJsonAsync<JsonElement>($"/poet/functions/{FunctionId}");
        Assert.That(function.GetProperty("currentVersion").GetInt32(), Is.EqualTo(2));
        Assert.That(function.GetProperty("versions").GetArrayLength(), Is.EqualTo(2));
        Assert.That(function.GetProperty("versions")[1].GetProperty("reason").GetProperty("kind").GetString(), Is.EqualTo("feedback"));

        var second = await CheckAsync(client);
        Assert.That(second.Report.GetProperty("threshold").GetDouble(), Is.EqualTo(change.GetProperty("newValue").GetDouble()).Within(1e-9));

        var execution = await client.GetFromJsonAsync<JsonElement>($"/poet/executions/{second.ExecutionId}");
        Assert.That(execution.GetProperty("version").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task Feedback_through_the_poet_endpoint_and_rollback_restore_version_1()
    {
        using var factory = new DriftApiFactory();
        using var client = factory.CreateKeyedClient();
        var first = await CheckAsync(client);

        var feedback = await client.PostAsync("/poet/feedback", Json($$"""{"executionId":"{{first.ExecutionId}}","feedback":"false alarm"}"""));
        Assert.That(feedback.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var rollback = await client.PostAsync($"/poet/functions/{FunctionId}/rollback", Json("""{"version":1}"""));
        var after = await rollback.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(rollback.StatusCode, Is.EqualTo(HttpStatusCode.OK), after.ToString());
        Assert.That(after.GetProperty("currentVersion").GetInt32(), Is.EqualTo(1));

        var again = await CheckAsync(client);
        Assert.That(again.Report.GetProperty("threshold").GetDouble(), Is.EqualTo(3.0));

        var missing = await client.PostAsync($"/poet/functions/{FunctionId}/rollback", Json("""{"version":99}"""));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Concurrent_feedback_requests_lose_nothing()
    {
        using var factory = new DriftApiFactory();
        using var client = factory.CreateKeyedClient();
        var checks = new List<Check>();
        for (var i = 0; i < 16; i++)
        {
            checks.Add(await CheckAsync(client));
        }

        var responses = await Task.WhenAll(checks.Select(c => client.PostAsync($"/drift/{c.ExecutionId}/feedback", Json("""{"label":"false_positive","comment":"seasonal"}"""))));
        var outcomes = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        var written = outcomes.Where(o => o.GetProperty("newVersion").ValueKind == JsonValueKind.Number)
            .Select(o => o.GetProperty("newVersion").GetInt32()).ToArray();
        Assert.That(written, Is.Unique, "two feedbacks claimed the same version");
        var function = await client.GetFromJsonAsync<JsonElement>($"/poet/functions/{FunctionId}");
        var versions = function.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ToArray();
        Assert.That(versions, Is.EquivalentTo(new[] { 1 }.Concat(written)), "every written version is listed, none missing");
        Assert.That(function.GetProperty("currentVersion").GetInt32(), Is.EqualTo(versions.Max()));
    }

    private static async Task<Check> CheckAsync(HttpClient client)
    {
        var response = await client.PostAsync("/drift/check", Json(CheckBody));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var id = response.Headers.GetValues(DriftController.ExecutionIdHeader).Single();
        Assert.That(body.GetProperty("executionId").GetString(), Is.EqualTo(id));
        return new Check(id, body.GetProperty("report"));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private sealed record Check(string ExecutionId, JsonElement Report);
}
