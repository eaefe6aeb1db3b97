using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Autofac;
using Microsoft.Extensions.Logging.Abstractions;
using Poet.Storage.FileStore;

namespace Poet.Tests.Interception;

/// <summary>The pooled record a call hands to the recorder: what it keeps while queued, and its reuse.</summary>
public sealed class CallRecordTests
{
    [Test]
    public void A_released_record_is_reused_by_the_next_call_and_forgets_the_last_result()
    {
        var recorder = new HeldCallsRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet(), recorder: recorder);
        var detector = container.Resolve<IDetector>();

        var result = CallAndForgetResult(detector);
        var first = recorder.Calls.Single();
        first.Release();
        Collect();
        detector.Detect([1, 2], [5, 6]);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsAlive, Is.False, "a released record still held the result");
            Assert.That(recorder.Calls.Last(), Is.SameAs(first));
        });
    }

    [Test]
    public void Releasing_a_record_twice_returns_it_to_the_pool_once()
    {
        var recorder = new HeldCallsRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet(), recorder: recorder);
        var detector = container.Resolve<IDetector>();
        detector.Detect([1], [2]);
        var first = recorder.Calls.Single();

        first.Release();
        first.Release();
        detector.Detect([1], [2]);
        detector.Detect([1], [2]);

        var calls = recorder.Calls.ToArray();
        Assert.That(calls[2], Is.Not.SameAs(calls[1]), "two queued calls were given the same record");
    }

    [Test]
    public void A_queued_record_keeps_its_recorded_values_but_not_a_sensitive_argument()
    {
        var recorder = new HeldCallsRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Detector>().As<IDetector>().EnablePoet(), recorder: recorder);
        var detector = container.Resolve<IDetector>();

        var (user, password) = LoginAndForget(detector);
        Collect();

        Assert.Multiple(() =>
        {
            Assert.That(password.IsAlive, Is.False, "a queued record kept the sensitive password alive");
            Assert.That(user.IsAlive, Is.True, "the queued record lost a recorded argument before it was written");
        });
        GC.KeepAlive(recorder.Calls);
    }

    [Test]
    public void Numbers_and_booleans_copied_into_the_record_are_written_as_their_boxes_were()
    {
        var recorder = new HeldCallsRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Scaler>().As<IScaler>().EnablePoet(), recorder: recorder);
        var scaler = container.Resolve<IScaler>();

        scaler.Scale(0.25, 3, 9_000_000_000, true, "sensor-7");
        scaler.Scale(double.NaN, -1, 0, false, "x");

        var lines = Written(recorder.Calls);
        Assert.Multiple(() =>
        {
            Assert.That(lines[0].Arguments, Is.EqualTo("""{"x":0.25,"n":3,"big":9000000000,"flag":true,"label":"sensor-7"}"""));
            Assert.That(lines[0].Result, Is.EqualTo("0.75"));
            Assert.That(lines[1].Arguments, Is.EqualTo("""{"x":"NaN","n":-1,"big":0,"flag":false,"label":"x"}"""));
            Assert.That(lines[1].Result, Is.EqualTo("\"NaN\""));
        });
    }

    private static (string Arguments, string Result)[] Written(IEnumerable<IRecordedCall> calls)
    {
        using var batch = new ExecutionBatch(new SafeValueWriter(RecordedValueLimits.From(new PoetOptions())), NullLogger.Instance);
        foreach (var call in calls)
        {
            Assert.That(batch.Add(call), Is.True);
        }

        return [.. Enumerable.Range(0, batch.Count).Select(i => (
            System.Text.Encoding.UTF8.GetString(batch[i].Arguments.Span),
            System.Text.Encoding.UTF8.GetString(batch[i].Result.Span)))];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference CallAndForgetResult(IDetector detector) => new(detector.Detect([1, 2], [5, 6]));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference User, WeakReference Password) LoginAndForget(IDetector detector)
    {
        var user = new string('u', 12);
        var password = new string('p', 12);
        detector.Login(user, password);
        return (new WeakReference(user), new WeakReference(password));
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>A method with numbers and booleans to copy.</summary>
    public interface IScaler
    {
        /// <summary>Scales.</summary>
        /// <param name="x">A number.</param>
        /// <param name="n">A count.</param>
        /// <param name="big">A large number.</param>
        /// <param name="flag">A flag.</param>
        /// <param name="label">A label.</param>
        /// <returns>The product.</returns>
        [Poet]
        double Scale(double x, int n, long big, bool flag, string label);
    }

    /// <summary>Multiplies.</summary>
    public sealed class Scaler : IScaler
    {
        /// <inheritdoc />
        public double Scale(double x, int n, long big, bool flag, string label) => x * n;
    }

    /// <summary>Holds every call handed over, unwritten and unreleased (a writer that has not got to them yet).</summary>
    private sealed class HeldCallsRecorder : IExecutionRecorder, ICallRecorder
    {
        public ConcurrentQueue<IRecordedCall> Calls { get; } = new();

        public bool TryRecord(ExecutionRecord record) => throw new AssertionException("the interceptor should hand over calls, not records");

        public bool TryRecord(IRecordedCall call)
        {
            Calls.Enqueue(call);
            return true;
        }
    }
}
