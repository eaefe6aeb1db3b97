using System.Net;
using System.Net.Http.Json;
using System.Text;
using Poet.Remote;

namespace Poet.Tests.Remote;

public class ServiceEndpointsTests
{
    [Test]
    public async Task Register_writes_v1_and_current_answers_304_while_the_etag_matches()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        using var http = host.CreateClient();

        using var registered = await http.PostAsJsonAsync(RemoteRoutes.Functions, RemoteTestData.Plan(), RemoteJson.Options);
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var v1 = await registered.Content.ReadFromJsonAsync<FunctionVersion>(RemoteJson.Options);
        Assert.That(v1!.Version, Is.EqualTo(1));
        Assert.That(v1.Parameters["threshold"], Is.EqualTo(3.0));
        Assert.That(host.Store.GetCurrent(RemoteTestData.FunctionId)!.Version, Is.EqualTo(1));
        var etag = registered.Headers.ETag;
        Assert.That(etag, Is.Not.Null);

        using var unchanged = new HttpRequestMessage(HttpMethod.Get, RemoteRoutes.Current(RemoteTestData.FunctionId));
        unchanged.Headers.IfNoneMatch.Add(etag!);
        using var notModified = await http.SendAsync(unchanged);
        Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));

        await host.Store.AppendVersionAsync(RemoteTestData.FunctionId, v => v with { Parameters = new Dictionary<string, double> { ["threshold"] = 3.6 } });
        using var changed = new HttpRequestMessage(HttpMethod.Get, RemoteRoutes.Current(RemoteTestData.FunctionId));
        changed.Headers.IfNoneMatch.Add(etag!);
        using var v2Response = await http.SendAsync(changed);
        Assert.That(v2Response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var v2 = await v2Response.Content.ReadFromJsonAsync<FunctionVersion>(RemoteJson.Options);
        Assert.That(v2!.Version, Is.EqualTo(2));
        Assert.That(v2.Parameters["threshold"], Is.EqualTo(3.6));
        Assert.That(v2Response.Headers.ETag, Is.Not.EqualTo(etag));
    }

    [Test]
    public async Task Registering_again_keeps_the_current_version()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        using var http = host.CreateClient();
        (await http.PostAsJsonAsync(RemoteRoutes.Functions, RemoteTestData.Plan(), RemoteJson.Options)).Dispose();
        await host.Store.AppendVersionAsync(RemoteTestData.FunctionId, v => v);

        using var again = await http.PostAsJsonAsync(RemoteRoutes.Functions, RemoteTestData.Plan(), RemoteJson.Options);
        var version = await again.Content.ReadFromJsonAsync<FunctionVersion>(RemoteJson.Options);
        Assert.That(version!.Version, Is.EqualTo(2));
    }

    [Test]
    public async Task A_missing_key_is_401_and_a_wrong_key_403_both_naming_the_variable()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        using var none = host.CreateClient(apiKey: null);
        using var wrong = host.CreateClient(apiKey: "not-the-key");

        using var missing = await none.GetAsync(RemoteRoutes.Functions);
        using var rejected = await wrong.PostAsJsonAsync(RemoteRoutes.Functions, RemoteTestData.Plan(), RemoteJson.Options);

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await rejected.Content.ReadAsStringAsync(), Does.Contain(PoetOptions.ServiceApiKeyVariable));
        Assert.That(host.Store.ListFunctions(), Is.Empty);
    }

    [Test]
    public async Task Execution_batches_are_stored_and_findable_with_json_arguments()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        using var http = host.CreateClient();
        var records = Enumerable.Range(0, 50).Select(_ => RemoteTestData.Record()).ToList();

        using var response = await http.PostAsJsonAsync(RemoteRoutes.Executions, records, RemoteJson.Options);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var found = await host.Executions.FindAsync(records[17].Id);
        Assert.That(found, Is.Not.Null);
        Assert.That(found!.FunctionId, Is.EqualTo(RemoteTestData.FunctionId));
        Assert.That(found.Arguments["current"]!.ToString(), Is.EqualTo("[1.5,9]"));
        Assert.That(host.Executions.Count, Is.EqualTo(50));
    }

    [Test]
    public async Task Bad_input_gets_400_404_or_413_never_500()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        using var http = host.CreateClient();

        using var malformed = await http.PostAsync(RemoteRoutes.Executions, new StringContent("[{ not json", Encoding.UTF8, "application/json"));
        using var unknown = await http.GetAsync(RemoteRoutes.Current("INope.Nothing"));
        using var badPlan = await http.PostAsJsonAsync(RemoteRoutes.Functions, new { functionId = "" }, RemoteJson.Options);
        using var tooMany = await http.PostAsJsonAsync(RemoteRoutes.Executions, Enumerable.Range(0, 10_001).Select(_ => RemoteTestData.Record()).ToList(), RemoteJson.Options);
        using var badRollback = await http.PostAsJsonAsync(RemoteRoutes.Rollback("INope.Nothing"), new { version = 2 }, RemoteJson.Options);

        Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(malformed.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(badPlan.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(tooMany.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(badRollback.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Rollback_changes_the_current_version_and_its_etag()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        using var http = host.CreateClient();
        using var registered = await http.PostAsJsonAsync(RemoteRoutes.Functions, RemoteTestData.Plan(), RemoteJson.Options);
        await host.Store.AppendVersionAsync(RemoteTestData.FunctionId, v => v with { Parameters = new Dictionary<string, double> { ["threshold"] = 4 } });

        using var rollback = await http.PostAsJsonAsync(RemoteRoutes.Rollback(RemoteTestData.FunctionId), new { version = 1 }, RemoteJson.Options);
        using var current = await http.GetAsync(RemoteRoutes.Current(RemoteTestData.FunctionId));

        Assert.That(rollback.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var version = await current.Content.ReadFromJsonAsync<FunctionVersion>(RemoteJson.Options);
        Assert.That(version!.Version, Is.EqualTo(1));
        Assert.That(current.Headers.ETag, Is.EqualTo(registered.Headers.ETag));
    }

    [Test]
    public void Mapping_without_an_api_key_fails_with_a_message_naming_the_variable()
    {
        if (Environment.GetEnvironmentVariable(PoetOptions.ServiceApiKeyVariable) is not null)
        {
            Assert.Ignore($"{PoetOptions.ServiceApiKeyVariable} is set in this environment.");
        }

        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        var app = builder.Build();
        var error = Assert.Throws<InvalidOperationException>(() => app.MapPoetServiceEndpoints());
        Assert.That(error!.Message, Does.Contain(PoetOptions.ServiceApiKeyVariable));
    }
}
