using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Autofac;

namespace Poet.Tests.Interception;

[NonParallelizable] // MeterListener and ActivityListener see the whole process
public sealed class TelemetryTests
{
    [Test]
    public void Executions_duration_and_retries_are_measured_with_function_and_outcome_tags()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PoetTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.Start();
        var flaky = new Flaky();
        using var container = PoetTestHost.Build(b => b.RegisterInstance(flaky).As<IFlaky>().EnablePoet());

        container.Resolve<IFlaky>().Sync(2);
        Assert.Throws<TransientFailureException>(() => container.Resolve<IFlaky>().AlwaysFails());

        var mine = measurements.Where(m => m.Tags.TryGetValue(PoetTelemetry.FunctionTag, out var f) && ((string?)f)!.StartsWith("IFlaky.", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(mine.Where(m => m.Instrument == "poet.executions").Select(m => (m.Tags[PoetTelemetry.FunctionTag], m.Tags[PoetTelemetry.OutcomeTag])),
                Is.EquivalentTo(new (object?, object?)[] { ("IFlaky.Sync", "success"), ("IFlaky.AlwaysFails", "failed") }));
            Assert.That(mine.Where(m => m.Instrument == "poet.retries" && (string?)m.Tags[PoetTelemetry.FunctionTag] == "IFlaky.Sync").Sum(m => m.Value), Is.EqualTo(2));
            Assert.That(mine.Where(m => m.Instrument == "poet.retries" && (string?)m.Tags[PoetTelemetry.FunctionTag] == "IFlaky.AlwaysFails").Sum(m => m.Value), Is.EqualTo(2));
            Assert.That(mine.Count(m => m.Instrument == "poet.execution.duration"), Is.EqualTo(2));
        });
    }

    [Test]
    public void Each_execution_gets_an_activity_tagged_with_function_and_execution_id()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PoetTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet(), recorder: recorder);

        container.Resolve<IDetector>().Login("a", "b");

        var record = recorder.Single("IDetector.Login");
        var activity = activities.Single(a => (string?)a.GetTagItem(PoetTelemetry.ExecutionIdTag) == record.Id.Value);
        Assert.Multiple(() =>
        {
            Assert.That(activity.OperationName, Is.EqualTo("IDetector.Login"));
            Assert.That(activity.GetTagItem(PoetTelemetry.FunctionTag), Is.EqualTo("IDetector.Login"));
            Assert.That(activity.GetTagItem(PoetTelemetry.OutcomeTag), Is.EqualTo("success"));
        });
    }

    [Test]
    public async Task An_async_calls_activity_does_not_leak_into_the_callers_flow()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PoetTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var container = PoetTestHost.Build(b => b.RegisterType<Flaky>().As<IFlaky>().EnablePoet());
        var before = Activity.Current;

        var task = container.Resolve<IFlaky>().TaskOfT(0);
        var during = Activity.Current;
        await task;

        Assert.That(during, Is.SameAs(before));
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}
