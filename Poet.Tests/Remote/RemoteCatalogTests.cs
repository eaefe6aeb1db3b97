using System.Diagnostics;

namespace Poet.Tests.Remote;

public class RemoteCatalogTests
{
    [Test]
    public async Task Register_answers_the_declared_defaults_at_once_then_mirrors_the_service()
    {
        var store = new InMemoryFunctionStore();
        var plan = RemoteTestData.Plan();
        store.EnsureCreated(plan, TrainSpecBuilder.Build(plan, new DomainCatalog().Get(plan.Domain)), TrainSpecBuilder.InitialVersion(plan));
        await store.AppendVersionAsync(plan.FunctionId, v => v with { Parameters = new Dictionary<string, double> { ["threshold"] = 4.5 } });
        await using var host = await RemoteTestHost.StartInProcessAsync(store);
        await using var client = RemoteClient.Create(host.ClientOptions(RemoteTestData.TempStore()), host.Handler);

        var first = client.Catalog.Register(plan);
        Assert.That(first.Parameters["threshold"], Is.EqualTo(3.0), "the call never waits on the network");

        await WaitUntil(() => client.Catalog.GetCurrent(plan.FunctionId).Version == 2, TimeSpan.FromSeconds(5));
        Assert.That(client.Catalog.GetCurrent(plan.FunctionId).Parameters["threshold"], Is.EqualTo(4.5));
    }

    [Test]
    public async Task A_new_version_on_the_service_is_used_within_one_second_at_the_default_poll_interval()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        var options = host.ClientOptions(RemoteTestData.TempStore()) with { PollInterval = TimeSpan.FromMilliseconds(500) };
        await using var client = RemoteClient.Create(options, host.Handler);
        client.Catalog.Register(RemoteTestData.Plan());
        await WaitUntil(() => host.Store.GetCurrent(RemoteTestData.FunctionId) is not null, TimeSpan.FromSeconds(5));
        await Task.Delay(200);

        await host.Store.AppendVersionAsync(RemoteTestData.FunctionId, v => v with { Parameters = new Dictionary<string, double> { ["threshold"] = 5.0 } });
        var watch = Stopwatch.StartNew();
        await WaitUntil(() => client.Catalog.GetCurrent(RemoteTestData.FunctionId).Version == 2, TimeSpan.FromSeconds(3));

        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public async Task Registration_while_the_service_is_down_uses_defaults_warns_and_catches_up_when_it_starts()
    {
        var port = RemoteTestHost.FreePort();
        var endpoint = new Uri($"http://127.0.0.1:{port}/");
        await using var client = RemoteClient.Create(RemoteTestHost.TestOptions(endpoint, RemoteTestData.TempStore()));

        var version = client.Catalog.Register(RemoteTestData.Plan());
        Assert.That(version.Parameters["threshold"], Is.EqualTo(3.0));
        await WaitUntil(() => client.Logs.Lines.Any(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains(endpoint.ToString(), StringComparison.Ordinal)), TimeSpan.FromSeconds(10));

        var store = new InMemoryFunctionStore();
        var plan = RemoteTestData.Plan();
        store.EnsureCreated(plan, TrainSpecBuilder.Build(plan, new DomainCatalog().Get(plan.Domain)), TrainSpecBuilder.InitialVersion(plan));
        await store.AppendVersionAsync(plan.FunctionId, v => v with { Parameters = new Dictionary<string, double> { ["threshold"] = 6.0 } });
        await using var host = await RemoteTestHost.StartKestrelAsync(port, store);

        await WaitUntil(() => client.Catalog.GetCurrent(plan.FunctionId).Version == 2, TimeSpan.FromSeconds(10));
        Assert.That(client.Catalog.GetCurrent(plan.FunctionId).Parameters["threshold"], Is.EqualTo(6.0));
        await WaitUntil(() => client.Logs.Lines.Any(l => l.Contains("answers again", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
        Assert.That(client.Logs.Lines.Count(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("could not be reached", StringComparison.Ordinal)), Is.EqualTo(1), "one warning per outage");
    }

    [Test]
    public async Task A_service_restarted_over_an_empty_store_gets_the_function_registered_again()
    {
        var port = RemoteTestHost.FreePort();
        var first = await RemoteTestHost.StartKestrelAsync(port);
        await using var client = RemoteClient.Create(first.ClientOptions(RemoteTestData.TempStore()));
        client.Catalog.Register(RemoteTestData.Plan());
        await WaitUntil(() => first.Store.GetCurrent(RemoteTestData.FunctionId) is not null, TimeSpan.FromSeconds(5));
        await first.DisposeAsync();

        await using var second = await RemoteTestHost.StartKestrelAsync(port);

        await WaitUntil(() => second.Store.GetCurrent(RemoteTestData.FunctionId) is not null, TimeSpan.FromSeconds(10));
        Assert.That(client.Catalog.GetCurrent(RemoteTestData.FunctionId).Parameters["threshold"], Is.EqualTo(3.0));
    }

    [Test]
    public async Task The_last_parameters_are_cached_locally_for_a_start_while_the_service_is_down()
    {
        var storePath = RemoteTestData.TempStore();
        var store = new InMemoryFunctionStore();
        var plan = RemoteTestData.Plan();
        store.EnsureCreated(plan, TrainSpecBuilder.Build(plan, new DomainCatalog().Get(plan.Domain)), TrainSpecBuilder.InitialVersion(plan));
        await store.AppendVersionAsync(plan.FunctionId, v => v with { Parameters = new Dictionary<string, double> { ["threshold"] = 7.25 } });
        await using (var host = await RemoteTestHost.StartInProcessAsync(store))
        {
            await using var online = RemoteClient.Create(host.ClientOptions(storePath), host.Handler);
            online.Catalog.Register(plan);
            await online.Catalog.SyncOnceAsync();
            Assert.That(online.Catalog.GetCurrent(plan.FunctionId).Parameters["threshold"], Is.EqualTo(7.25));
        }

        var down = new Uri($"http://127.0.0.1:{RemoteTestHost.FreePort()}/");
        await using var offline = RemoteClient.Create(RemoteTestHost.TestOptions(down, storePath));
        var version = offline.Catalog.Register(plan);

        Assert.That(version.Version, Is.EqualTo(2));
        Assert.That(version.Parameters["threshold"], Is.EqualTo(7.25));
        Assert.That(Directory.GetFiles(Path.Combine(storePath, "remote-cache"), "*.json"), Has.Length.EqualTo(1));
    }

    internal static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                Assert.Fail($"Condition not met within {timeout}.");
            }

            await Task.Delay(10);
        }
    }
}
