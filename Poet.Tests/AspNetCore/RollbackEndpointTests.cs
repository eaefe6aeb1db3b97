using System.Net;
using Moq;
using Poet;

namespace Poet.Tests.AspNetCore;

[TestFixture]
public sealed class RollbackEndpointTests
{
    private const string Path = "/poet/functions/IDriftDetector.Detect/rollback";

    [Test]
    public async Task Rollback_makes_the_version_current_and_answers_the_function_after_it()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        host.Functions.SetupSequence(f => f.Get(Samples.FunctionId))
            .Returns(Samples.Function(current: 2))
            .Returns(Samples.Function(current: 1));

        var response = await host.PostAsync(Path, """{"version":1}""");
        var body = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("currentVersion").GetInt32(), Is.EqualTo(1));
        host.Functions.Verify(f => f.RollbackAsync(Samples.FunctionId, 1, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Rollback_accepts_field_names_in_any_case()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        host.Functions.Setup(f => f.Get(Samples.FunctionId)).Returns(Samples.Function());

        var response = await host.PostAsync(Path, """{"Version":1}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Rollback_to_a_version_that_does_not_exist_is_404_listing_the_versions()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        host.Functions.Setup(f => f.Get(Samples.FunctionId)).Returns(Samples.Function(2, 1, 2));

        var response = await host.PostAsync(Path, """{"version":7}""");
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("no version 7").And.Contain("1, 2"));
        host.Functions.Verify(f => f.RollbackAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Rollback_of_an_unknown_function_is_404()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        host.Functions.Setup(f => f.Get(It.IsAny<string>())).Throws(new KeyNotFoundException("No POET function 'IOther.Run'."));

        var response = await host.PostAsync("/poet/functions/IOther.Run/rollback", """{"version":1}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Rollback_race_where_the_service_no_longer_finds_the_version_is_404()
    {
        await using var host = await PoetEndpointsHost.StartAsync();
        host.Functions.Setup(f => f.Get(Samples.FunctionId)).Returns(Samples.Function());
        host.Functions.Setup(f => f.RollbackAsync(Samples.FunctionId, 1, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new KeyNotFoundException("Version 1 of IDriftDetector.Detect does not exist."));

        var response = await host.PostAsync(Path, """{"version":1}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("{}", "Required")]
    [TestCase("""{"version":"1"}""", "got a JSON string")]
    [TestCase("""{"version":null}""", "got a JSON null")]
    [TestCase("""{"version":[1]}""", "got a JSON array")]
    [TestCase("""{"version":1.5}""", "got 1.5")]
    [TestCase("""{"version":1e20}""", "got 1e20")]
    [TestCase("""{"version":0}""", "start at 1")]
    [TestCase("""{"version":-3}""", "start at 1")]
    public async Task Rollback_with_a_bad_version_is_400_naming_the_field(string json, string expected)
    {
        await using var host = await PoetEndpointsHost.StartAsync();

        var response = await host.PostAsync(Path, json);
        var problem = await PoetEndpointsHost.JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").GetProperty("version")[0].GetString(), Does.Contain(expected));
        host.Functions.Verify(f => f.RollbackAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
