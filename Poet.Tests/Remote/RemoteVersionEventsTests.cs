using Poet.Remote;

namespace Poet.Tests.Remote;

/// <summary>The version event stream: a new version is pushed to remote clients instead of waiting for a poll.</summary>
public class RemoteVersionEventsTests
{
    [Test]
    public async Task A_new_version_reaches_a_client_through_the_event_stream_without_any_poll()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        // Polls an hour apart: only the event stream can bring the new version in time.
        var options = host.ClientOptions(RemoteTestData.TempStore()) with { PollInterval = TimeSpan.FromHours(1), EventsPollInterval = TimeSpan.FromHours(1) };
        await using var client = RemoteClient.Create(options, host.Handler);
        client.Catalog.Register(RemoteTestData.Plan());
        Assert.That(await client.Catalog.SyncOnceAsync(), Is.True);
        await RemoteCatalogTests.WaitUntil(() => client.Catalog.Events!.Connected, TimeSpan.FromSeconds(10));

        await host.Store.AppendVersionAsync(RemoteTestData.FunctionId, v => v with { Parameters = new Dictionary<string, double> { ["threshold"] = 5.0 } });

        await RemoteCatalogTests.WaitUntil(() => client.Catalog.GetCurrent(RemoteTestData.FunctionId).Version == 2, TimeSpan.FromSeconds(10));
        Assert.That(client.Catalog.GetCurrent(RemoteTestData.FunctionId).Parameters["threshold"], Is.EqualTo(5.0));
        // The stream's own catch-up round (on connect) may read version 2 before its event arrives: wait for the event too.
        await RemoteCatalogTests.WaitUntil(() => client.Catalog.Events!.VersionEventsReceived >= 1, TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task The_event_stream_needs_the_api_key_and_starts_with_a_ready_event()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        using var anonymous = host.CreateClient(apiKey: null);
        using var keyed = host.CreateClient();

        using var refused = await anonymous.GetAsync(RemoteRoutes.Events);
        using var response = await keyed.GetAsync(RemoteRoutes.Events, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(refused.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(first, Is.EqualTo("event: ready"));
    }
}
