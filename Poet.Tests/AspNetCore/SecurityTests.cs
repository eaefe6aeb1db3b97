using System.Net;
using Moq;
using Poet;

namespace Poet.Tests.AspNetCore;

[TestFixture]
public sealed class SecurityTests
{
    [Test]
    public async Task Read_without_key_is_401_with_WWW_Authenticate_and_a_problem_that_names_the_header()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var response = await host.GetAsync("/poet/functions", key: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.Contain("X-Api-Key"));
        var problem = await PoetEndpointsHost.JsonAsync(response);
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(401));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("X-Api-Key").And.Contain("POET_API_KEY"));
        host.Functions.Verify(f => f.List(), Times.Never);
    }

    [TestCase("wrong-key")]
    [TestCase("test-key-0123456789abcdef0123456789abcdeX")] // same length, last character differs
    [TestCase("test-key-0123456789abcdef0123456789abcdef-and-more")]
    public async Task Read_with_wrong_key_is_403(string key)
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var response = await host.GetAsync("/poet/functions", key);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var problem = await PoetEndpointsHost.JsonAsync(response);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("not this server's API key"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Not.Contain(PoetEndpointsHost.Key));
    }

    [Test]
    public async Task Write_with_wrong_key_is_403_and_feedback_is_never_called()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var response = await host.PostAsync("/poet/feedback", $$"""{"executionId":"{{ExecutionId.New()}}","feedback":"x"}""", "nope");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        host.Feedback.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Bearer_authorization_is_accepted_as_the_key()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        host.Functions.Setup(f => f.List()).Returns([]);
        var request = PoetEndpointsHost.Request(HttpMethod.Get, "/poet/functions", key: null);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + PoetEndpointsHost.Key);

        var response = await host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Two_key_headers_are_rejected()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var request = PoetEndpointsHost.Request(HttpMethod.Get, "/poet/functions");
        request.Headers.TryAddWithoutValidation("X-Api-Key", "other");

        var response = await host.Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Open_reads_answer_without_a_key_but_writes_still_need_it()
    {
        await using var host = await PoetEndpointsHost.StartAsync(new HostSetup { Configure = o => o.AllowAnonymousReads = true });
        host.Functions.Setup(f => f.List()).Returns([Samples.Function()]);

        var read = await host.GetAsync("/poet/functions", key: null);
        var write = await host.PostAsync("/poet/functions/IDriftDetector.Detect/rollback", """{"version":1}""", key: null);

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        host.Functions.Verify(f => f.RollbackAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task A_custom_header_name_carries_the_key_and_the_default_header_no_longer_does()
    {
        await using var host = await PoetEndpointsHost.StartAsync(new HostSetup { Configure = o => o.HeaderName = "X-Poet-Key" });
        host.Functions.Setup(f => f.List()).Returns([]);

        var withDefault = await host.GetAsync("/poet/functions");
        var request = PoetEndpointsHost.Request(HttpMethod.Get, "/poet/functions", key: null);
        request.Headers.TryAddWithoutValidation("X-Poet-Key", PoetEndpointsHost.Key);
        var withCustom = await host.Client.SendAsync(request);

        Assert.That(withDefault.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(withDefault.Headers.WwwAuthenticate.ToString(), Does.Contain("X-Poet-Key"));
        Assert.That(withCustom.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("/poet/functions")]
    [TestCase("/poet/functions/IDriftDetector.Detect")]
    [TestCase("/poet/executions/01ARZ3NDEKTSV4RRFFQ69G5FAV")]
    public async Task Every_read_needs_the_key(string path)
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var response = await host.GetAsync(path, key: null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("/poet/feedback")]
    [TestCase("/poet/functions/IDriftDetector.Detect/rollback")]
    public async Task Every_write_needs_the_key_before_its_body_is_read(string path)
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var response = await host.PostAsync(path, "{ this is not json", key: null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
