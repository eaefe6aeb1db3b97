using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Autofac;

namespace Poet.Tests.Interception;

[NonParallelizable] // one test listens to the process-wide meter
public sealed class RecordingTests
{
    [Test]
    public void Each_execution_is_recorded_with_id_function_arguments_result_and_timing()
    {
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet(), recorder: recorder);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var report = container.Resolve<IDetector>().Detect([1, 2], [5, 6]);

        var record = recorder.Single("IDetector.Detect");
        Assert.Multiple(() =>
        {
            Assert.That(record.Id.Value, Has.Length.EqualTo(ExecutionId.Length));
            Assert.That(record.Outcome, Is.EqualTo(ExecutionOutcome.Success));
            Assert.That(record.Result, Is.SameAs(report));
            Assert.That(record.Arguments.Keys, Is.EqualTo(new[] { "reference", "current", "threshold" }));
            Assert.That(record.Arguments["current"], Is.EqualTo(new double[] { 5, 6 }));
            Assert.That(record.StartedAt, Is.GreaterThan(before));
            Assert.That(record.DurationMs, Is.GreaterThanOrEqualTo(0));
            Assert.That(record.Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Sensitive_values_never_reach_the_record()
    {
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet(), recorder: recorder);
        var detector = container.Resolve<IDetector>();

        detector.Login("ann", "hunter2");
        await detector.ThresholdAsync(apiKey: "sk-secret");

        Assert.Multiple(() =>
        {
            Assert.That(recorder.Single("IDetector.Login").Arguments["password"], Is.EqualTo(SensitiveAttribute.RedactedMarker));
            Assert.That(recorder.Single("IDetector.Login").Arguments["user"], Is.EqualTo("ann"));
            Assert.That(recorder.Single("IDetector.ThresholdAsync").Arguments["apiKey"], Is.EqualTo(SensitiveAttribute.RedactedMarker));
            Assert.That(recorder.Records.SelectMany(r => r.Arguments.Values).OfType<string>(), Has.None.Contains("hunter2").And.None.Contains("sk-secret"));
        });
    }

    [Test]
    public void Result_objects_are_linked_to_their_execution()
    {
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet(), recorder: recorder);

        var report = container.Resolve<IDetector>().Detect([1], [1]);

        Assert.Multiple(() =>
        {
            Assert.That(container.Resolve<ExecutionLinks>().TryGet(report, out var linked), Is.True);
            Assert.That(linked, Is.EqualTo(recorder.Single("IDetector.Detect").Id));
        });
    }

    [Test]
    public void LastExecutionId_names_the_last_sync_call()
    {
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet(), recorder: recorder);

        container.Resolve<IDetector>().Login("a", "b");

        Assert.That(PoetContext.LastExecutionId, Is.EqualTo(recorder.Single("IDetector.Login").Id));
    }

    [Test]
    public async Task LastExecutionId_is_visible_to_the_awaiting_caller_of_an_async_call()
    {
        var recorder = new CapturingRecorder();
        var flaky = new Flaky();
        using var container = PoetTestHost.Build(b => b.RegisterInstance(flaky).As<IFlaky>().EnablePoet(), recorder: recorder);

        await container.Resolve<IFlaky>().TaskOfT(1);

        Assert.That(PoetContext.LastExecutionId, Is.EqualTo(recorder.Single("IFlaky.TaskOfT").Id));
    }

    [Test]
    public async Task Execution_ids_are_unique_under_concurrency()
    {
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().SingleInstance().EnablePoet(), recorder: recorder);
        var detector = container.Resolve<IDetector>();
        var seen = new ConcurrentBag<ExecutionId>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                detector.Login("u", "p");
                seen.Add(PoetContext.LastExecutionId!.Value);
            }
        })));

        Assert.Multiple(() =>
        {
            Assert.That(recorder.Records.Select(r => r.Id).Distinct().Count(), Is.EqualTo(4000));
            Assert.That(seen.Distinct().Count(), Is.EqualTo(4000));
        });
    }

    [Test]
    public void A_recorder_that_throws_never_breaks_the_call_and_is_counted()
    {
        var recorder = new ThrowingRecorder();
        long internalErrors = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PoetTelemetry.Name && instrument.Name == "poet.internal_errors")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "poet.component" && (string?)tag.Value == "recorder")
                {
                    Interlocked.Add(ref internalErrors, value);
                }
            }
        });
        listener.Start();
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet(), recorder: recorder);
        var detector = container.Resolve<IDetector>();

        var results = Enumerable.Range(0, 3).Select(_ => detector.Login("ab", "cd")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(results, Is.All.EqualTo(4));
            Assert.That(recorder.Calls, Is.EqualTo(3));
            Assert.That(Interlocked.Read(ref internalErrors), Is.GreaterThanOrEqualTo(3));
        });
    }
}
