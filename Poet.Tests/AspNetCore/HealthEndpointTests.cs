using System.Net;
using System.Text.Json;
using Moq;
using Poet;

namespace Poet.Tests.AspNetCore;

[TestFixture]
public sealed class HealthEndpointTests
{
    [Test]
    public async Task Healthy_with_the_key_shows_checks_counts_and_functions()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        host.Functions.Setup(f => f.List()).Returns([Samples.Function(2, 1, 2)]);
        host.ExecutionsFindNothing();

        var response = await host.GetAsync("/poet/health");
        var body = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("healthy"));
        Assert.That(body.GetProperty("poetVersion").GetString(), Is.Not.Empty);
        Assert.That(body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("status").GetString()), Is.All.EqualTo("healthy"));
        Assert.That(body.GetProperty("counts").GetProperty("functions").GetInt32(), Is.EqualTo(1));
        Assert.That(body.GetProperty("counts").GetProperty("versions").GetInt32(), Is.EqualTo(2));
        Assert.That(body.GetProperty("functions")[0].GetProperty("currentVersion").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task Without_the_key_health_answers_only_status_and_check_states()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        host.Functions.Setup(f => f.List()).Throws(new PoetStoreException("Cannot read /secret/path/.poet"));

        var response = await host.GetAsync("/poet/health", key: null);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("unhealthy"));
        Assert.That(text, Does.Not.Contain("/secret/path"));
        Assert.That(body.TryGetProperty("functions", out var functions) && functions.ValueKind != JsonValueKind.Null, Is.False);
    }

    [Test]
    public async Task A_failing_store_is_503_with_the_reason_for_key_holders()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        host.Functions.Setup(f => f.List()).Returns([]);
        host.ExecutionsFail(new IOException("disk full"));

        var response = await host.GetAsync("/poet/health");
        var body = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        var executions = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "executions");
        Assert.That(executions.GetProperty("status").GetString(), Is.EqualTo("unhealthy"));
        Assert.That(executions.GetProperty("detail").GetString(), Does.Contain("disk full"));
    }

    [Test]
    public async Task Without_POET_registered_health_says_missing()
    {
        await using var host = await PoetEndpointsHost.StartAsync(new HostSetup { RegisterPoet = false });

        var response = await host.GetAsync("/poet/health");
        var body = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(body.GetProperty("checks")[0].GetProperty("status").GetString(), Is.EqualTo("missing"));
        Assert.That(body.GetProperty("checks")[0].GetProperty("detail").GetString(), Does.Contain("AddPoet"));
    }
}
