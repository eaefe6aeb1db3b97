using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Moq;
using Poet;

namespace Poet.Tests.AspNetCore;

[TestFixture]
public sealed class FeedbackEndpointTests
{
    [Test]
    public async Task Feedback_passes_text_through_as_a_JsonElement_and_answers_the_outcome()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var id = ExecutionId.New();
        object? received = null;
        host.Feedback.Setup(f => f.FeedbackAsync(id, It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Callback((ExecutionId _, object? feedback, CancellationToken _) => received = feedback)
            .ReturnsAsync(Samples.Outcome(id));

        var response = await host.PostAsync("/poet/feedback", $$"""{"executionId":"{{id}}","feedback":"False alarm - that was a seasonal dip."}""");
        var body = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(received, Is.TypeOf<JsonElement>());
        Assert.That(((JsonElement)received!).GetString(), Is.EqualTo("False alarm - that was a seasonal dip."));
        Assert.That(body.GetProperty("executionId").GetString(), Is.EqualTo(id.Value));
        Assert.That(body.GetProperty("functionId").GetString(), Is.EqualTo(Samples.FunctionId));
        Assert.That(body.GetProperty("newVersion").GetInt32(), Is.EqualTo(2));
        Assert.That(body.GetProperty("signal").GetProperty("verdict").GetString(), Is.EqualTo("falsePositive"));
        Assert.That(body.GetProperty("signal").GetProperty("adjustments")[0].GetProperty("direction").GetInt32(), Is.EqualTo(1));
        var change = body.GetProperty("changes")[0];
        Assert.That(change.GetProperty("name").GetString(), Is.EqualTo("threshold"));
        Assert.That(change.GetProperty("oldValue").GetDouble(), Is.EqualTo(3.0));
        Assert.That(change.GetProperty("newValue").GetDouble(), Is.EqualTo(3.6));
    }

    [TestCase("4", JsonValueKind.Number)]
    [TestCase("true", JsonValueKind.True)]
    [TestCase("""{"rating":2,"comment":"missed the outage"}""", JsonValueKind.Object)]
    [TestCase("""[1,"two",{"three":3}]""", JsonValueKind.Array)]
    public async Task Feedback_passes_any_JSON_value_through_unchanged(string feedbackJson, JsonValueKind kind)
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var id = ExecutionId.New();
        object? received = null;
        host.Feedback.Setup(f => f.FeedbackAsync(id, It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Callback((ExecutionId _, object? feedback, CancellationToken _) => received = feedback)
            .ReturnsAsync(Samples.Outcome(id));

        var response = await host.PostAsync("/poet/feedback", $$"""{"executionId":"{{id}}","feedback":{{feedbackJson}}}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var element = (JsonElement)received!;
        Assert.That(element.ValueKind, Is.EqualTo(kind));
        Assert.That(element.GetRawText(), Is.EqualTo(feedbackJson));
    }

    [Test]
    public async Task Explicit_null_feedback_is_passed_as_null()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var id = ExecutionId.New();
        host.Feedback.Setup(f => f.FeedbackAsync(id, null, It.IsAny<CancellationToken>())).ReturnsAsync(Samples.Outcome(id) with { NewVersion = null, Changes = [] });

        var response = await host.PostAsync("/poet/feedback", $$"""{"executionId":"{{id}}","feedback":null}""");
        var body = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("newVersion").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Field_names_are_case_insensitive_and_ids_too()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var id = ExecutionId.New();
        host.Feedback.Setup(f => f.FeedbackAsync(id, It.IsAny<object?>(), It.IsAny<CancellationToken>())).ReturnsAsync(Samples.Outcome(id));

        var response = await host.PostAsync("/poet/feedback", $$"""{"ExecutionID":"{{id.Value.ToLowerInvariant()}}","Feedback":"good catch"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Unknown_execution_is_404_with_the_services_message()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var id = ExecutionId.New();
        host.Feedback.Setup(f => f.FeedbackAsync(id, It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PoetFeedbackException($"No execution '{id}' is recorded; use the id a POET call returned."));

        var response = await host.PostAsync("/poet/feedback", $$"""{"executionId":"{{id}}","feedback":"x"}""");
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(id.Value));
    }

    [Test]
    public async Task Missing_fields_are_400_listing_each_one()
    {
        await using var host = await PoetEndpointsHost.StartAsync();

        var response = await host.PostAsync("/poet/feedback", """{"comment":"where do I put this"}""");
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = problem.GetProperty("errors");
        Assert.That(errors.GetProperty("executionId")[0].GetString(), Does.Contain("Required"));
        Assert.That(errors.GetProperty("feedback")[0].GetString(), Does.Contain("Required"));
        host.Feedback.VerifyNoOtherCalls();
    }

    [TestCase("""{"executionId":12345,"feedback":"x"}""", "got a JSON number")]
    [TestCase("""{"executionId":null,"feedback":"x"}""", "got a JSON null")]
    [TestCase("""{"executionId":"not-an-id","feedback":"x"}""", "is not an execution id")]
    [TestCase("""{"executionId":"01ARZ3NDEKTSV4RRFFQ69G5FAU","feedback":"x"}""", "is not an execution id")] // U is not Crockford
    [TestCase("""{"executionId":"Z1ARZ3NDEKTSV4RRFFQ69G5FAV","feedback":"x"}""", "is not an execution id")] // timestamp overflow
    public async Task Bad_execution_ids_are_400(string json, string expected)
    {
        await using var host = await PoetEndpointsHost.StartAsync();

        var response = await host.PostAsync("/poet/feedback", json);
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").GetProperty("executionId")[0].GetString(), Does.Contain(expected));
        host.Feedback.VerifyNoOtherCalls();
    }

    [Test]
    public async Task A_store_failure_during_feedback_is_503()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var id = ExecutionId.New();
        host.Feedback.Setup(f => f.FeedbackAsync(id, It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PoetStoreException("The store at .poet is read-only."));

        var response = await host.PostAsync("/poet/feedback", $$"""{"executionId":"{{id}}","feedback":"x"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task A_remote_service_failure_during_feedback_is_502()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var id = ExecutionId.New();
        host.Feedback.Setup(f => f.FeedbackAsync(id, It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new PoetServiceException("http://poet:8080 refused the connection."));

        var response = await host.PostAsync("/poet/feedback", $$"""{"executionId":"{{id}}","feedback":"x"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
    }

    [Test]
    public async Task Concurrent_feedback_requests_all_reach_the_service_and_all_answer()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var received = new ConcurrentBag<ExecutionId>();
        host.Feedback.Setup(f => f.FeedbackAsync(It.IsAny<ExecutionId>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns(async (ExecutionId id, object? _, CancellationToken _) =>
            {
                await Task.Yield();
                received.Add(id);
                return Samples.Outcome(id);
            });
        var ids = Enumerable.Range(0, 64).Select(_ => ExecutionId.New()).ToArray();

        var responses = await Task.WhenAll(ids.Select(id =>
            host.PostAsync("/poet/feedback", $$$"""{"executionId":"{{{id}}}","feedback":{"rating":1}}""")));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(received, Is.EquivalentTo(ids));
        var answered = await Task.WhenAll(responses.Select(async r => (await PoetEndpointsHost.JsonAsync(r)).GetProperty("executionId").GetString()));
        Assert.That(answered, Is.EquivalentTo(ids.Select(i => i.Value)));
    }
}
