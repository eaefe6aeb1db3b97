using System.Net;
using Moq;
using Poet;

namespace Poet.Tests.AspNetCore;

[TestFixture]
public sealed class FunctionEndpointTests
{
    [Test]
    public async Task List_answers_each_function_with_current_version_and_parameters()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        host.Functions.Setup(f => f.List()).Returns([Samples.Function()]);

        var response = await host.GetAsync("/poet/functions");
        var body = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        var first = body[0];
        Assert.That(first.GetProperty("functionId").GetString(), Is.EqualTo(Samples.FunctionId));
        Assert.That(first.GetProperty("currentVersion").GetInt32(), Is.EqualTo(2));
        Assert.That(first.GetProperty("parameters").GetProperty("threshold").GetDouble(), Is.EqualTo(3.6));
        Assert.That(first.GetProperty("versionCount").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task Get_answers_every_version_with_its_values_and_why_it_was_written()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        host.Functions.Setup(f => f.Get(Samples.FunctionId)).Returns(Samples.Function());
        host.FunctionStore.Setup(s => s.GetVersion(Samples.FunctionId, It.IsAny<int>())).Returns((string _, int v) => Samples.Version(v));

        var response = await host.GetAsync("/poet/functions/IDriftDetector.Detect");
        var body = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var versions = body.GetProperty("versions");
        Assert.That(versions.GetArrayLength(), Is.EqualTo(2));
        Assert.That(versions[0].GetProperty("isCurrent").GetBoolean(), Is.False);
        Assert.That(versions[1].GetProperty("isCurrent").GetBoolean(), Is.True);
        Assert.That(versions[1].GetProperty("parent").GetInt32(), Is.EqualTo(1));
        Assert.That(versions[1].GetProperty("parameters").GetProperty("threshold").GetDouble(), Is.EqualTo(3.6));
        Assert.That(versions[1].GetProperty("reason").GetProperty("kind").GetString(), Is.EqualTo("feedback"));
        Assert.That(versions[1].GetProperty("reason").GetProperty("rationale").GetString(), Does.Contain("raise threshold"));
    }

    [Test]
    public async Task Get_without_a_function_store_still_lists_version_numbers()
    {
        await using var host = await PoetEndpointsHost.StartAsync(new HostSetup { RegisterFunctionStore = false });
        host.Functions.Setup(f => f.Get(Samples.FunctionId)).Returns(Samples.Function());

        var body = await PoetEndpointsHost.JsonAsync(await host.GetAsync("/poet/functions/IDriftDetector.Detect"));

        Assert.That(body.GetProperty("versions")[1].GetProperty("version").GetInt32(), Is.EqualTo(2));
        Assert.That(body.GetProperty("versions")[1].TryGetProperty("reason", out var reason) && reason.ValueKind != System.Text.Json.JsonValueKind.Null, Is.False);
    }

    [Test]
    public async Task Get_unknown_function_is_404_with_the_services_message_and_how_to_list_ids()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        host.Functions.Setup(f => f.Get("INope.Nothing")).Throws(new KeyNotFoundException("No POET function 'INope.Nothing'."));

        var response = await host.GetAsync("/poet/functions/INope.Nothing");
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("INope.Nothing").And.Contain("GET /poet/functions"));
    }

    [Test]
    public async Task Get_with_an_overlong_id_is_400_without_asking_the_service()
    {
        await using var host = await PoetEndpointsHost.StartAsync();

        var response = await host.GetAsync("/poet/functions/" + new string('a', 300));
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").GetProperty("functionId")[0].GetString(), Does.Contain("at most 256"));
        host.Functions.Verify(f => f.Get(It.IsAny<string>()), Times.Never);
    }

    [Test]
    public async Task Get_with_a_control_character_in_the_id_is_400()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var response = await host.GetAsync("/poet/functions/IDrift%01Detector");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Store_failure_is_503_not_500()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        host.Functions.Setup(f => f.List()).Throws(new PoetStoreException("Cannot read /data/.poet: access denied."));

        var response = await host.GetAsync("/poet/functions");
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("access denied"));
    }

    [Test]
    public async Task Unexpected_failure_is_a_500_problem_that_does_not_leak_the_exception()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        host.Functions.Setup(f => f.List()).Throws(new InvalidOperationException("secret internal state"));

        var response = await host.GetAsync("/poet/functions");
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(text, Does.Not.Contain("secret internal state"));
    }

    [Test]
    public async Task Without_POET_registered_the_endpoints_answer_503_saying_to_call_AddPoet()
    {
        await using var host = await PoetEndpointsHost.StartAsync(new HostSetup { RegisterPoet = false });

        var response = await host.GetAsync("/poet/functions");
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("AddPoet"));
    }
}
