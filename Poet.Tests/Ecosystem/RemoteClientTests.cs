using Autofac;
using DriftApi.Detection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Poet.Remote;
using Poet.Tests.Remote;

namespace Poet.Tests.Ecosystem;

/// <summary>Remote mode as an app sees it: quiet logs, fast failures, no stale start.</summary>
public class RemoteClientTests
{
    [Test]
    public async Task A_service_that_is_down_gives_one_warning_and_no_HttpClient_or_Polly_lines()
    {
        var logs = new CategoryLogs();
        var down = new Uri($"http://127.0.0.1:{RemoteTestHost.FreePort()}/");
        var builder = new ContainerBuilder();
        builder.RegisterInstance(logs.Factory()).As<ILoggerFactory>();
        RemoteServices.RegisterRemoteServices(builder, RemoteTestHost.TestOptions(down, RemoteTestData.TempStore()));
        await using var container = builder.Build();
        var catalog = container.Resolve<RemoteFunctionCatalog>();
        catalog.Register(RemoteTestData.Plan());

        for (var round = 0; round < 3; round++)
        {
            Assert.That(await catalog.SyncOnceAsync(), Is.False);
        }

        var warnings = logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1), string.Join("\n", logs.Entries));
        Assert.That(warnings[0].Category, Does.StartWith("Poet."));
        Assert.That(logs.Entries.Where(e => e.Category.StartsWith("System.Net.Http", StringComparison.Ordinal) || e.Category.StartsWith("Polly", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_wrong_key_fails_feedback_at_once_even_with_executions_buffered(CancellationToken cancellationToken)
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        var options = host.ClientOptions(RemoteTestData.TempStore(), apiKey: "wrong") with { RequestTimeout = TimeSpan.FromMinutes(10) };
        await using var client = RemoteClient.Create(options, host.Handler);
        var record = RemoteTestData.Record();
        client.Recorder.TryRecord(record);

        // Without the fix the feedback waits for the buffered record for RequestTimeout (10 minutes): the guard cancels it.
        var error = Assert.ThrowsAsync<PoetServiceException>(() => client.Feedback.FeedbackAsync(record.Id, "too many alerts", cancellationToken));

        Assert.That(error!.Message, Does.StartWith("Unauthorized"));
    }

    [Test]
    public async Task A_new_instance_starts_on_the_services_current_version_not_the_declared_defaults()
    {
        var store = new InMemoryFunctionStore();
        var plan = RemoteTestData.Plan();
        store.EnsureCreated(plan, TrainSpecBuilder.Build(plan, new DomainCatalog().Get(plan.Domain)), TrainSpecBuilder.InitialVersion(plan));
        await store.AppendVersionAsync(plan.FunctionId, v => v with { Parameters = new Dictionary<string, double> { ["threshold"] = 6.0 } });
        await using var service = await RemoteTestHost.StartKestrelAsync(RemoteTestHost.FreePort(), store);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPoet(o => o.UseService(service.BaseAddress, RemoteTestHost.ApiKey).StorePath = TempStore.NewPath())
            .AddSingleton<IDriftDetector, ZScoreDriftDetector>().EnablePoet<IDriftDetector>();
        using var app = builder.Build();

        await app.StartAsync();
        var first = EcoSamples.Check(app.Services.GetRequiredService<IDriftDetector>());

        Assert.That(first.Threshold, Is.EqualTo(6.0), "the very first call runs on the service's v2, not the declared 3.0");
        Assert.That(first.IsDrift, Is.False);
        await app.StopAsync();
    }
}
