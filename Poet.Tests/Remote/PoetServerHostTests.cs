using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Poet.Remote;
using PoetServer;

namespace Poet.Tests.Remote;

public class PoetServerHostTests
{
    [Test]
    public async Task The_PoetServer_example_serves_the_remote_endpoints_with_the_key_from_configuration()
    {
        await using var factory = new WebApplicationFactory<PoetServerMarker>().WithWebHostBuilder(b =>
        {
            b.UseSetting(PoetOptions.ServiceApiKeyVariable, "server-key");
            b.UseSetting("POET_STORE_PATH", RemoteTestData.TempStore());
        });
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add(RemoteRoutes.ApiKeyHeader, "server-key");
        using var anonymous = factory.CreateClient();

        using var registered = await http.PostAsJsonAsync(RemoteRoutes.Functions, RemoteTestData.Plan(), RemoteJson.Options);
        using var refused = await anonymous.GetAsync(RemoteRoutes.Current(RemoteTestData.FunctionId));

        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task The_PoetServer_example_reads_the_documented_Poet_Endpoints_ApiKey_for_both_the_service_and_the_poet_endpoints()
    {
        await using var factory = new WebApplicationFactory<PoetServerMarker>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Poet:Endpoints:ApiKey", "documented-key");
            b.UseSetting("POET_STORE_PATH", RemoteTestData.TempStore());
        });
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add(RemoteRoutes.ApiKeyHeader, "documented-key");

        using var registered = await http.PostAsJsonAsync(RemoteRoutes.Functions, RemoteTestData.Plan(), RemoteJson.Options);
        using var functions = await http.GetAsync("/poet/functions");

        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(functions.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
