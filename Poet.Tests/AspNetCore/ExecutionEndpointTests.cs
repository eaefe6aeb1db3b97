using System.Net;
using System.Text.Json;
using Moq;
using Poet;

namespace Poet.Tests.AspNetCore;

[TestFixture]
public sealed class ExecutionEndpointTests
{
    [Test]
    public async Task Found_execution_is_answered_with_arguments_parameters_result_and_outcome()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var id = ExecutionId.New();
        host.ExecutionsFind(id, Samples.Record(id));

        var response = await host.GetAsync($"/poet/executions/{id}");
        var body = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("id").GetString(), Is.EqualTo(id.Value));
        Assert.That(body.GetProperty("outcome").GetString(), Is.EqualTo("success"));
        Assert.That(body.GetProperty("arguments").GetProperty("current")[1].GetDouble(), Is.EqualTo(6.0));
        Assert.That(body.GetProperty("learnedParameters").GetProperty("threshold").GetDouble(), Is.EqualTo(3.0));
        Assert.That(body.GetProperty("result").GetProperty("score").GetDouble(), Is.EqualTo(4.2));
    }

    [Test]
    public async Task Lowercase_ids_are_accepted()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var id = ExecutionId.New();
        host.ExecutionsFind(id, Samples.Record(id));

        var response = await host.GetAsync($"/poet/executions/{id.Value.ToLowerInvariant()}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Sensitive_values_stay_redacted_and_secret_looking_names_are_redacted_again()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var id = ExecutionId.New();
        var arguments = new Dictionary<string, object?>
        {
            ["customer"] = SensitiveAttribute.RedactedMarker,
            ["apiKey"] = "sk-live-123",
            ["password"] = "hunter2",
            ["reference"] = new[] { 1.0 },
        };
        host.ExecutionsFind(id, Samples.Record(id, arguments));

        var response = await host.GetAsync($"/poet/executions/{id}");
        var text = await response.Content.ReadAsStringAsync();
        var args = JsonDocument.Parse(text).RootElement.GetProperty("arguments");

        Assert.That(text, Does.Not.Contain("sk-live-123").And.Not.Contain("hunter2"));
        Assert.That(args.GetProperty("customer").GetString(), Is.EqualTo(SensitiveAttribute.RedactedMarker));
        Assert.That(args.GetProperty("apiKey").GetString(), Is.EqualTo(SensitiveAttribute.RedactedMarker));
        Assert.That(args.GetProperty("reference")[0].GetDouble(), Is.EqualTo(1.0));
    }

    [Test]
    public async Task NaN_arguments_and_unserializable_results_do_not_break_the_response()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var id = ExecutionId.New();
        var record = Samples.Record(id, new Dictionary<string, object?> { ["current"] = new[] { double.NaN, 1.0 } }, result: new Action(() => { })) with
        {
            Outcome = ExecutionOutcome.Rejected,
            Error = new ExecutionError("Poet.PoetValidationException", "current[0] is NaN"),
        };
        host.ExecutionsFind(id, record);

        var response = await host.GetAsync($"/poet/executions/{id}");
        var body = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("arguments").GetProperty("current")[0].GetString(), Is.EqualTo("NaN"));
        Assert.That(body.GetProperty("result").GetString(), Does.Contain("not serializable"));
        Assert.That(body.GetProperty("outcome").GetString(), Is.EqualTo("rejected"));
        Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Does.Contain("NaN"));
    }

    [Test]
    public async Task Records_read_back_as_JSON_are_answered_as_they_are()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var id = ExecutionId.New();
        var fromLog = new Dictionary<string, object?> { ["current"] = JsonDocument.Parse("[1.5,2.5]").RootElement.Clone() };
        host.ExecutionsFind(id, Samples.Record(id, fromLog, JsonDocument.Parse("""{"isDrift":false}""").RootElement.Clone()));

        var body = await PoetEndpointsHost.JsonAsync(await host.GetAsync($"/poet/executions/{id}"));

        Assert.That(body.GetProperty("arguments").GetProperty("current")[1].GetDouble(), Is.EqualTo(2.5));
        Assert.That(body.GetProperty("result").GetProperty("isDrift").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Unknown_execution_is_404()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        var id = ExecutionId.New();
        host.ExecutionsFind(id, null);

        var response = await host.GetAsync($"/poet/executions/{id}");
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(id.Value));
    }

    [TestCase("not-an-id")]
    [TestCase("01ARZ3NDEKTSV4RRFFQ69G5FA")] // 25 characters
    [TestCase("01ARZ3NDEKTSV4RRFFQ69G5FAVX")] // 27 characters
    [TestCase("01ARZ3NDEKTSV4RRFFQ69G5FAU")] // U is not Crockford base32
    [TestCase("%27%3B%20DROP%20TABLE")]
    public async Task Bad_ids_are_400_without_asking_the_store(string id)
    {
        await using var host = await PoetEndpointsHost.StartAsync();

        var response = await host.GetAsync($"/poet/executions/{id}");
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").GetProperty("executionId")[0].GetString(), Does.Contain("Crockford"));
        host.Executions.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Without_an_execution_store_the_answer_is_503_naming_AddPoet()
    {
        await using var host = await PoetEndpointsHost.StartAsync(new HostSetup { RegisterExecutionStore = false });

        var response = await host.GetAsync($"/poet/executions/{ExecutionId.New()}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }
}
