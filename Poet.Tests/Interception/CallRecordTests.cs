using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Autofac;

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
