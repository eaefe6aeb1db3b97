using System.Net;
using System.Text;
using Moq;
using Poet;

namespace Poet.Tests.AspNetCore;

/// <summary>Bad bodies on both write endpoints: never a 500, always a problem that says what to fix.</summary>
[TestFixture]
public sealed class RequestBodyTests
{
    private static readonly string[] WritePaths = ["/poet/feedback", "/poet/functions/IDriftDetector.Detect/rollback"];

    [TestCaseSource(nameof(WritePaths))]
    public async Task Malformed_JSON_is_400_with_the_position(string path)
    {
        await using var host = await PoetEndpointsHost.StartAsync();

        var response = await host.PostAsync(path, "{\"executionId\": \"01ARZ3NDEKTSV4RRFFQ69G5FAV\",\n  \"feedback\": nope }");
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Malformed JSON"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("line 2"));
        host.Feedback.VerifyNoOtherCalls();
    }

    [TestCaseSource(nameof(WritePaths))]
    public async Task Empty_body_is_400(string path)
    {
        await using var host = await PoetEndpointsHost.StartAsync();

        var response = await host.PostAsync(path, "   ");
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("empty"));
    }

    [TestCase("[1,2,3]", "array")]
    [TestCase("\"just text\"", "string")]
    [TestCase("42", "number")]
    [TestCase("null", "null")]
    public async Task A_body_that_is_not_an_object_is_400(string json, string kind)
    {
        await using var host = await PoetEndpointsHost.StartAsync();

        var response = await host.PostAsync("/poet/feedback", json);
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("JSON " + kind));
    }

    [Test]
    public async Task Duplicate_properties_are_400()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var response = await host.PostAsync("/poet/functions/IDriftDetector.Detect/rollback", """{"version":1,"version":2}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Absurdly_deep_JSON_is_400()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var deep = new string('[', 500) + new string(']', 500);

        var response = await host.PostAsync("/poet/feedback", $$"""{"executionId":"01ARZ3NDEKTSV4RRFFQ69G5FAV","feedback":{{deep}}}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        host.Feedback.VerifyNoOtherCalls();
    }

    [TestCase("text/plain")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("application/json; charset=utf-16")]
    public async Task Non_JSON_content_types_are_415(string contentType)
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var request = PoetEndpointsHost.Request(HttpMethod.Post, "/poet/feedback", """{"executionId":"01ARZ3NDEKTSV4RRFFQ69G5FAV","feedback":"x"}""", contentType: contentType);

        var response = await host.Client.SendAsync(request);
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("application/json"));
    }

    [TestCase("application/problem+json")]
    [TestCase("application/json; charset=utf-8")]
    [TestCase("APPLICATION/JSON")]
    public async Task JSON_content_types_are_accepted(string contentType)
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var id = ExecutionId.New();
        host.Feedback.Setup(f => f.FeedbackAsync(id, It.IsAny<object?>(), It.IsAny<CancellationToken>())).ReturnsAsync(Samples.Outcome(id));
        var request = PoetEndpointsHost.Request(HttpMethod.Post, "/poet/feedback", $$"""{"executionId":"{{id}}","feedback":"x"}""", contentType: contentType);

        var response = await host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task An_oversized_body_with_a_length_is_413_and_never_reaches_the_service()
    {
        await using var host = await PoetEndpointsHost.StartAsync(new HostSetup { Configure = o => o.MaxRequestBodyBytes = 4096 });
        var big = new string('x', 10_000);

        var response = await host.PostAsync("/poet/feedback", $$"""{"executionId":"01ARZ3NDEKTSV4RRFFQ69G5FAV","feedback":"{{big}}"}""");
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("4096").And.Contain("MaxRequestBodyBytes"));
        host.Feedback.VerifyNoOtherCalls();
    }

    [Test]
    public async Task An_oversized_chunked_body_without_a_length_is_413()
    {
        await using var host = await PoetEndpointsHost.StartAsync(new HostSetup { Configure = o => o.MaxRequestBodyBytes = 4096 });
        var json = $$"""{"executionId":"01ARZ3NDEKTSV4RRFFQ69G5FAV","feedback":"{{new string('x', 10_000)}}"}""";
        var request = PoetEndpointsHost.Request(HttpMethod.Post, "/poet/feedback", key: PoetEndpointsHost.Key);
        request.Content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(json)));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        var response = await host.Client.SendAsync(request);

        Assert.That(request.Content.Headers.ContentLength, Is.Null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        host.Feedback.VerifyNoOtherCalls();
    }

    [Test]
    public async Task A_body_just_under_the_limit_is_served()
    {
        await using var host = await PoetEndpointsHost.StartAsync(new HostSetup { Configure = o => o.MaxRequestBodyBytes = 4096 });
        var id = ExecutionId.New();
        host.Feedback.Setup(f => f.FeedbackAsync(id, It.IsAny<object?>(), It.IsAny<CancellationToken>())).ReturnsAsync(Samples.Outcome(id));
        var prefix = $$"""{"executionId":"{{id}}","feedback":" """.TrimEnd();
        var json = prefix + new string('x', 4096 - prefix.Length - 2) + "\"}";

        var response = await host.PostAsync("/poet/feedback", json);

        Assert.That(Encoding.UTF8.GetByteCount(json), Is.EqualTo(4096));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>A stream without a length, so HttpClient sends it chunked.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
