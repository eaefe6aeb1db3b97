// Service mode end to end: clients built with AddPoet(o => o.UseService(...)) (remote services) against a PoetServer
// (PoetServerServices.AddPoetServer) that runs POET in local mode over the file store at POET_STORE_PATH, so versions
// survive a restart. The offline translator reads "False alarm ..." as a false positive that raises an ml_monitoring
// threshold.
using Autofac;
using Microsoft.AspNetCore.Hosting;
using PoetServer;

namespace Poet.Tests.Remote;

public interface IThresholdProbe
{
    [Poet(Domain = "ml_monitoring", OptimizeFor = "accuracy")]
    ProbeResult Check(double score, [Learnable(Min = 0.01, Max = 10)] double threshold = 3.0);
}

public sealed record ProbeResult(bool Alert, double Threshold);

public sealed class ThresholdProbe : IThresholdProbe
{
    public ProbeResult Check(double score, double threshold = 3.0) => new(score > threshold, threshold);
}

[NonParallelizable]
public class RemoteEndToEndTests
{
    private const string Key = "e2e-key";

    [Test]
    public async Task Feedback_through_client_A_changes_what_client_B_uses_and_a_service_restart_loses_no_version()
    {
        var port = RemoteTestHost.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var serverStore = RemoteTestData.TempStore();
        var server = await StartServerAsync(url, serverStore);
        await using var a = Client(url);
        await using var b = Client(url);
        var probeA = a.Resolve<IThresholdProbe>();
        var probeB = b.Resolve<IThresholdProbe>();

        var first = probeA.Check(3.5);
        Assert.That(first.Threshold, Is.EqualTo(3.0));
        Assert.That(probeB.Check(3.5).Threshold, Is.EqualTo(3.0));

        var outcome = await a.Resolve<IPoetFeedback>().FeedbackAsync(first, "False alarm - that was a seasonal dip.");
        Assert.That(outcome.NewVersion, Is.EqualTo(2));
        var raised = outcome.Changes.Single(c => c.Name == "threshold").NewValue;
        Assert.That(raised, Is.GreaterThan(3.0));

        await RemoteCatalogTests.WaitUntil(() => probeB.Check(3.5).Threshold == raised, TimeSpan.FromSeconds(1.5));

        await server.StopAsync();
        await server.DisposeAsync();
        Assert.That(probeB.Check(3.5).Threshold, Is.EqualTo(raised), "the service down: B keeps the learned value");

        server = await StartServerAsync(url, serverStore);
        try
        {
            var functions = b.Resolve<IPoetFunctions>().Get("IThresholdProbe.Check");
            Assert.That(functions.CurrentVersion, Is.EqualTo(2));
            Assert.That(functions.Versions, Is.EqualTo(new[] { 1, 2 }));

            var again = probeB.Check(3.5);
            var second = await b.Resolve<IPoetFeedback>().FeedbackAsync(again, "False alarm again.");
            Assert.That(second.NewVersion, Is.EqualTo(3));
        }
        finally
        {
            await server.StopAsync();
            await server.DisposeAsync();
        }
    }

    [Test]
    public async Task Local_mode_is_unchanged_when_no_service_is_set()
    {
        var builder = new ContainerBuilder();
        builder.AddPoet(o => o.StorePath = RemoteTestData.TempStore());
        builder.RegisterType<ThresholdProbe>().As<IThresholdProbe>().EnablePoet();
        await using var container = builder.Build();

        Assert.That(container.Resolve<IFunctionCatalog>(), Is.InstanceOf<LocalFunctionCatalog>());
        Assert.That(container.Resolve<IThresholdProbe>().Check(1).Threshold, Is.EqualTo(3.0));
    }

    private static IContainer Client(Uri url)
    {
        var builder = new ContainerBuilder();
        builder.AddPoet(o => o.UseService(url, Key).StorePath = RemoteTestData.TempStore());
        builder.RegisterType<ThresholdProbe>().As<IThresholdProbe>().EnablePoet();
        return builder.Build();
    }

    private static async Task<Microsoft.AspNetCore.Builder.WebApplication> StartServerAsync(Uri url, string storePath)
    {
        var app = PoetServerApp.Create([], builder =>
        {
            builder.WebHost.UseUrls(url.ToString());
            builder.Configuration[PoetOptions.ServiceApiKeyVariable] = Key;
            builder.Configuration["POET_STORE_PATH"] = storePath;
            builder.Configuration[PoetOptions.ServiceUrlVariable] = "local"; // the service itself always runs in local mode
        });
        await app.StartAsync();
        return app;
    }
}
