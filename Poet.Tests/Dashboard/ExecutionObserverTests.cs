using Autofac;
using Poet.AspNetCore.Dashboard;
using Poet.Tests.Interception;

namespace Poet.Tests.Dashboard;

/// <summary>The dashboard's observer sees every call of the process directly, without a tracing activity per call.</summary>
[NonParallelizable] // observers are process-wide
public sealed class ExecutionObserverTests
{
    [Test]
    public void Each_call_is_seen_with_its_id_version_outcome_and_attempts_and_no_activity_is_created_for_it()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet());
        var detector = container.Resolve<IDetector>();
        using var observer = new ExecutionObserver(TimeProvider.System);
        observer.Start();

        detector.Detect([1, 2, 3], [1, 2, 3]);
        var id = PoetContext.LastExecutionId!.Value;
        Assert.Throws<PoetValidationException>(() => detector.Detect(null!, [1]));

        var seen = observer.Find("IDetector.Detect")!.Recent(outcome: null, limit: 10);
        Assert.That(seen, Has.Count.EqualTo(2));
        var success = seen.Single(e => e.Id == id.Value);
        Assert.That((success.Version, success.Outcome, success.Attempts, success.ErrorType), Is.EqualTo((1, "success", 1, (string?)null)));
        Assert.That(seen.Single(e => e.Id != id.Value).Outcome, Is.EqualTo("rejected"));
        Assert.That(PoetTelemetry.ActivitySource.HasListeners(), Is.False, "the dashboard needs no Activity per call");
    }

    [Test]
    public void A_disposed_observer_sees_no_more_calls()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet());
        var detector = container.Resolve<IDetector>();
        var observer = new ExecutionObserver(TimeProvider.System);
        observer.Start();
        detector.Detect([1, 2, 3], [1, 2, 3]);

        observer.Dispose();
        detector.Detect([1, 2, 3], [1, 2, 3]);

        Assert.That(observer.Find("IDetector.Detect")!.Recent(outcome: null, limit: 10), Has.Count.EqualTo(1));
    }
}
