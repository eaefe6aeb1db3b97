using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Autofac;
using DriftApi.Controllers;
using DriftApi.Detection;
using Moq;
using Poet;
using Poet.Tests.AspNetCore;

namespace Poet.Tests.DriftApi;

/// <summary>The real DriftApi (Autofac container, controllers, /poet endpoints) with test doubles for POET.</summary>
[TestFixture]
public sealed class DriftApiTests
{
    private const string CheckBody = """{"reference":[1,2,3,2,1,2,3],"current":[9,10,11]}""";

    [Test]
    public async Task Check_answers_a_report()
    {
        using var factory = new DriftApiFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/drift/check", Json(CheckBody));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("report").GetProperty("isDrift").GetBoolean(), Is.True);
        Assert.That(body.GetProperty("report").GetProperty("threshold").GetDouble(), Is.EqualTo(3.0));
    }

    [Test]
    public async Task Check_through_a_POET_style_detector_puts_the_execution_id_in_body_and_header()
    {
        var id = ExecutionId.New();
        var detector = new Mock<IDriftDetector>();
        detector.Setup(d => d.Detect(It.IsAny<double[]>(), It.IsAny<double[]>(), It.IsAny<double>(), It.IsAny<CancellationToken>()))
            .Callback(() => PoetContext.LastExecutionId = id)
            .Returns(new DriftReport(true, 9.8, 3.0, 2, 10));
        using var factory = new DriftApiFactory(c => c.RegisterInstance(detector.Object).As<IDriftDetector>());
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/drift/check", Json(CheckBody));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.Headers.GetValues(DriftController.ExecutionIdHeader).Single(), Is.EqualTo(id.Value));
        Assert.That(body.GetProperty("executionId").GetString(), Is.EqualTo(id.Value));
    }

    [TestCase("{\"reference\":[1,2,3], \"current\": [1,", "current[1]")]
    [TestCase("{\"reference\":[1,2,3]}", "Current")]
    [TestCase("{\"reference\":[1],\"current\":[1]}", "Reference")]
    [TestCase("{\"reference\":[1,2],\"current\":[]}", "Current")]
    [TestCase("{\"reference\":\"1,2,3\",\"current\":[1]}", "reference")]
    [TestCase("{\"reference\":[1,\"NaN\"],\"current\":[1]}", "Reference[1] is NaN")]
    [TestCase("[]", "")]
    public async Task Bad_check_bodies_are_400_problems(string json, string mentions)
    {
        using var factory = new DriftApiFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/drift/check", Json(json));
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(text, Does.Contain(mentions));
    }

    [Test]
    public async Task Check_with_a_non_JSON_body_is_415()
    {
        using var factory = new DriftApiFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/drift/check", new StringContent("reference=1", Encoding.UTF8, "text/plain"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task Perceive_rejections_from_POET_are_400_problems()
    {
        var detector = new Mock<IDriftDetector>();
        detector.Setup(d => d.Detect(It.IsAny<double[]>(), It.IsAny<double[]>(), It.IsAny<double>(), It.IsAny<CancellationToken>()))
            .Throws(new PoetValidationException("current[2] is Infinity; send finite numbers.", "current", "finite-series"));
        using var factory = new DriftApiFactory(c => c.RegisterInstance(detector.Object).As<IDriftDetector>());
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/drift/check", Json(CheckBody));
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(text, Does.Contain("finite numbers"));
    }

    [Test]
    public async Task Feedback_passes_any_JSON_through_to_the_injected_IPoetFeedback()
    {
        var id = ExecutionId.New();
        var feedback = new Mock<IPoetFeedback>();
        object? received = null;
        feedback.Setup(f => f.FeedbackAsync(id, It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Callback((ExecutionId _, object? value, CancellationToken _) => received = value)
            .ReturnsAsync(Samples.Outcome(id));
        using var factory = new DriftApiFactory(c => c.RegisterInstance(feedback.Object).As<IPoetFeedback>());
        using var client = factory.CreateKeyedClient();

        var response = await client.PostAsync($"/drift/{id}/feedback", Json("""{"verdict":"false alarm","note":"seasonal dip"}"""));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(((JsonElement)received!).GetProperty("note").GetString(), Is.EqualTo("seasonal dip"));
        Assert.That(body.GetProperty("newVersion").GetInt32(), Is.EqualTo(2));
        Assert.That(body.GetProperty("changes")[0].GetProperty("newValue").GetDouble(), Is.EqualTo(3.6));
    }

    [Test]
    public async Task Feedback_on_an_unknown_execution_is_404()
    {
        using var factory = new DriftApiFactory();
        using var client = factory.CreateKeyedClient();

        var response = await client.PostAsync($"/drift/{ExecutionId.New()}/feedback", Json("\"false alarm\""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase("not-an-id", "\"x\"", HttpStatusCode.BadRequest)]
    [TestCase("01ARZ3NDEKTSV4RRFFQ69G5FAV", "", HttpStatusCode.BadRequest)]
    [TestCase("01ARZ3NDEKTSV4RRFFQ69G5FAV", "{\"unclosed\": ", HttpStatusCode.BadRequest)]
    public async Task Bad_feedback_requests_are_problems_not_500s(string id, string json, HttpStatusCode expected)
    {
        using var factory = new DriftApiFactory();
        using var client = factory.CreateKeyedClient();

        var response = await client.PostAsync($"/drift/{id}/feedback", Json(json));

        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task The_poet_endpoints_are_mounted_and_secured()
    {
        using var factory = new DriftApiFactory();
        using var anonymous = factory.CreateClient();
        using var keyed = factory.CreateKeyedClient();

        Assert.That((await anonymous.GetAsync("/poet/functions")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await keyed.GetAsync("/poet/functions")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await anonymous.GetAsync("/poet/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_OpenAPI_document_describes_the_drift_and_poet_endpoints()
    {
        using var factory = new DriftApiFactory();
        using var client = factory.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.That(paths.EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[]
        {
            "/drift/check", "/drift/{executionId}/feedback",
            "/poet/functions", "/poet/functions/{functionId}", "/poet/functions/{functionId}/rollback",
            "/poet/feedback", "/poet/executions/{executionId}", "/poet/health",
        }));
        var feedback = paths.GetProperty("/poet/feedback").GetProperty("post");
        Assert.That(feedback.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _), Is.True);
        Assert.That(feedback.GetProperty("responses").EnumerateObject().Select(r => r.Name),
            Is.SupersetOf(new[] { "200", "400", "401", "403", "404", "413", "415" }));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
