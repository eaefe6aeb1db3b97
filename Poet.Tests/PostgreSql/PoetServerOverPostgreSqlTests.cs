using Autofac;
using Poet.Tests.Remote;

namespace Poet.Tests.PostgreSql;

/// <summary>
/// Several <c>examples/PoetServer</c> OS processes over one PostgreSQL database (<c>POET_POSTGRES</c>), with app
/// containers in remote mode in front of them: N apps, M services, one learning state.
/// </summary>
[NonParallelizable]
public class PoetServerOverPostgreSqlTests
{
    [Test]
    public async Task Apps_on_two_service_processes_share_one_learning_state_and_concurrent_feedback_gets_unique_gap_free_versions()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        using var serviceA = await PoetServerProcess.StartAsync(db.ConnectionString);
        using var serviceB = await PoetServerProcess.StartAsync(db.ConnectionString);
        await using var appA = App(serviceA.Url);
        await using var appB = App(serviceB.Url);
        var probeA = appA.Resolve<IThresholdProbe>();
        var probeB = appB.Resolve<IThresholdProbe>();
        probeA.Check(3.5);
        var onA = PoetContext.LastExecutionId!.Value;
        probeB.Check(3.5);
        await Registered(appA);
        await Registered(appB);

        // An execution recorded through A gets feedback through B; the new version reaches the apps on both services.
        await ((Poet.Remote.RemoteExecutionRecorder)appA.Resolve<IExecutionRecorder>()).FlushAsync(); // A has stored it
        var outcome = await appB.Resolve<IPoetFeedback>().FeedbackAsync(onA, "False alarm - that was a seasonal dip.");
        Assert.That(outcome.NewVersion, Is.EqualTo(2));
        var raised = outcome.Changes.Single(c => c.Name == "threshold").NewValue;
        Assert.That(await PgTestData.Eventually(() => probeA.Check(3.5).Threshold == raised), Is.True, "the app on A runs the version written through B");
        Assert.That(await PgTestData.Eventually(() => probeB.Check(3.5).Threshold == raised), Is.True);

        // Feedback through both service processes at once: every version number used once, none skipped.
        var resultsA = Enumerable.Range(0, 8).Select(_ => probeA.Check(3.5)).ToList();
        var resultsB = Enumerable.Range(0, 8).Select(_ => probeB.Check(3.5)).ToList();
        var outcomes = await Task.WhenAll(
            resultsA.Select((r, i) => Task.Run(() => appA.Resolve<IPoetFeedback>().FeedbackAsync(r, i % 2 == 0 ? "False alarm." : "Missed a real drift.")))
                .Concat(resultsB.Select((r, i) => Task.Run(() => appB.Resolve<IPoetFeedback>().FeedbackAsync(r, i % 2 == 0 ? "Missed a real drift." : "False alarm.")))));

        var versions = outcomes.Where(o => o.NewVersion is not null).Select(o => o.NewVersion!.Value).Order().ToList();
        Assert.That(versions, Has.Count.GreaterThan(1), "feedback wrote versions");
        Assert.That(versions, Is.EqualTo(Enumerable.Range(3, versions.Count)), "every number used once, none skipped");
        Assert.That(db.Scalar<long>("SELECT count(*) FROM poet.versions"), Is.EqualTo(versions.Count + 2));
        Assert.That(db.Scalar<int>("SELECT max(version) FROM poet.versions"), Is.EqualTo(versions.Count + 2));
        Assert.That(db.Scalar<long>("SELECT count(*) FROM poet.feedback"), Is.EqualTo(17));
    }

    [Test]
    public async Task A_service_killed_while_ingesting_loses_no_record_once_it_is_back()
    {
        using var db = PostgreSqlServer.CreateDatabase();
        var port = RemoteTestHost.FreePort();
        var service = await PoetServerProcess.StartAsync(db.ConnectionString, port);
        try
        {
            await using var app = App(service.Url);
            var recorder = app.Resolve<IExecutionRecorder>();
            var accepted = 0;
            for (var i = 0; i < 20_000; i++)
            {
                accepted += recorder.TryRecord(PgTestData.Record(functionId: "IThresholdProbe.Check")) ? 1 : 0;
                if (i == 10_000)
                {
                    service.Kill(); // in the middle of the stream of batches
                }
            }

            service.Dispose();
            service = await PoetServerProcess.StartAsync(db.ConnectionString, port);
            await ((Poet.Remote.RemoteExecutionRecorder)recorder).FlushAsync();

            Assert.That(accepted, Is.EqualTo(20_000), "the recorder's buffer held everything while the service was down");
            Assert.That(await PgTestData.Eventually(() => db.Scalar<long>("SELECT count(*) FROM poet.executions") == accepted, TimeSpan.FromSeconds(60)), Is.True,
                $"all {accepted} accepted records stored exactly once; stored: {db.Scalar<long>("SELECT count(*) FROM poet.executions")}");
        }
        finally
        {
            service.Dispose();
        }
    }

    [Test]
    public async Task A_service_whose_database_is_down_at_start_exits_with_an_error_naming_host_and_database()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exitCode, output) = await PoetServerProcess.RunToExitAsync($"Host=127.0.0.1;Port={port};Database=poetdb;Username=poet;Password=Sekr1t-pw;Timeout=3");

        Assert.That(exitCode, Is.Not.EqualTo(0));
        Assert.That(output, Does.Contain($"127.0.0.1:{port}").And.Contain("'poetdb'"));
        Assert.That(output, Does.Not.Contain("Sekr1t-pw"));
    }

    /// <summary>Waits until the app registered its function with its service (on a loaded machine a first call may time out).</summary>
    private static async Task Registered(IContainer app)
    {
        var catalog = (Poet.Remote.RemoteFunctionCatalog)app.Resolve<IFunctionCatalog>();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await catalog.SyncOnceAsync())
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail("the service never answered the registration");
    }

    private static IContainer App(Uri service)
    {
        var builder = new ContainerBuilder();
        builder.AddPoet(o => o.UseService(service, PoetServerProcess.ApiKey).StorePath = RemoteTestData.TempStore());
        builder.RegisterType<ThresholdProbe>().As<IThresholdProbe>().EnablePoet();
        return builder.Build();
    }
}
