using Autofac;

namespace Poet.Tests.Interception;

/// <summary>
/// A synchronous method with <c>TimeoutMs</c> runs its attempts on a POET attempt thread (<c>DeadlineRunner</c>): what the
/// caller sees must be exactly what a direct call gives (value, exception, out and ref values, async-locals), call
/// after call on the same thread, also after an attempt was abandoned at its deadline.
/// </summary>
public sealed class TimedSyncCallTests
{
    private static readonly AsyncLocal<string?> Ambient = new();

    private TimedSync _target = null!;
    private IContainer _container = null!;

    [SetUp]
    public void SetUp()
    {
        _target = new TimedSync();
        _container = PoetTestHost.Build(b => b.RegisterInstance(_target).As<ITimedSync>().EnablePoet());
    }

    [TearDown]
    public void TearDown()
    {
        _target.Release.Set();
        _container.Dispose();
        _target.Release.Dispose();
    }

    private ITimedSync Service => _container.Resolve<ITimedSync>();

    [Test]
    public void Each_call_on_one_thread_gets_its_own_return_value_and_the_learned_value()
    {
        var service = Service;
        for (var i = 0; i < 2_000; i++)
        {
            Assert.That(service.Scale(i), Is.EqualTo(i * 2.5), $"call {i}");
        }
    }

    [Test]
    public void The_methods_exception_reaches_the_caller_unwrapped_after_the_retries()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Service.Throws("bad input"));

        Assert.That(ex!.Message, Is.EqualTo("bad input"));
        Assert.That(_target.ThrowAttempts, Is.EqualTo(2), "one attempt and one retry");
    }

    [Test]
    public void Out_and_ref_values_reach_the_caller()
    {
        var total = 5;
        var ok = Service.Accumulate(7, ref total, out var doubled);

        Assert.That((ok, total, doubled), Is.EqualTo((true, 12, 14)));
    }

    [Test]
    public void The_method_sees_the_callers_async_locals()
    {
        Ambient.Value = "request-42";
        try
        {
            Assert.That(Service.ReadAmbient(), Is.EqualTo("request-42"));
        }
        finally
        {
            Ambient.Value = null;
        }
    }

    [Test]
    public void A_call_after_an_abandoned_attempt_gets_its_own_value_not_the_late_one()
    {
        var service = Service;
        Assert.Throws<PoetTimeoutException>(() => service.Echo(-1)); // blocks until released: abandoned at 100 ms

        _target.Release.Set(); // the abandoned attempt now ends and returns -1 to no one
        Assert.That(SpinWait.SpinUntil(() => Volatile.Read(ref _target.EchoEnded) == 1, TimeSpan.FromSeconds(30)), Is.True);
        for (var i = 0; i < 200; i++)
        {
            Assert.That(service.Echo(i), Is.EqualTo(i));
        }
    }

    [Test]
    public void Attempts_run_on_POET_threads_so_a_saturated_thread_pool_does_not_delay_them()
    {
        var service = Service;
        var gate = new Gate(); // not disposable: blockers still queued when the test ends wait on it safely
        ThreadPool.GetMinThreads(out var minWorkers, out _);
        var blockers = minWorkers + 64; // more than the pool runs at once: queued pool work waits behind them
        for (var i = 0; i < blockers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => gate.Wait(), null);
        }

        try
        {
            // With attempts queued on the pool this call waited behind the blockers and timed out (TimeoutMs = 5000).
            Assert.That(service.OnWhichThread(), Is.EqualTo("POET attempt"));
            Assert.That(service.Scale(4), Is.EqualTo(10));
        }
        finally
        {
            gate.Open();
        }
    }

    /// <summary>A gate pool threads wait at until it opens.</summary>
    private sealed class Gate
    {
        private readonly object _lock = new(); // Monitor.Wait needs a monitor, not a System.Threading.Lock
        private bool _open;

        public void Wait()
        {
            lock (_lock)
            {
                while (!_open)
                {
                    Monitor.Wait(_lock);
                }
            }
        }

        public void Open()
        {
            lock (_lock)
            {
                _open = true;
                Monitor.PulseAll(_lock);
            }
        }
    }

    /// <summary>Timed synchronous methods of every shape the runner hands over.</summary>
    public interface ITimedSync
    {
        [Poet(TimeoutMs = 5_000)]
        double Scale(double value, [Learnable(Min = 1, Max = 5)] double factor = 2.5);

        [Poet(TimeoutMs = 5_000, Retries = 1)]
        int Throws(string message);

        [Poet(TimeoutMs = 5_000)]
        bool Accumulate(int add, ref int total, out int doubled);

        [Poet(TimeoutMs = 5_000)]
        string? ReadAmbient();

        [Poet(TimeoutMs = 100)]
        int Echo(int value);

        [Poet(TimeoutMs = 5_000)]
        string? OnWhichThread();
    }

    /// <summary>The target.</summary>
    public sealed class TimedSync : ITimedSync
    {
        public int ThrowAttempts;
        public int EchoEnded;

        public ManualResetEventSlim Release { get; } = new();

        public double Scale(double value, double factor) => value * factor;

        public int Throws(string message)
        {
            Interlocked.Increment(ref ThrowAttempts);
            throw new InvalidOperationException(message);
        }

        public bool Accumulate(int add, ref int total, out int doubled)
        {
            total += add;
            doubled = add * 2;
            return true;
        }

        public string? ReadAmbient() => Ambient.Value;

        public string? OnWhichThread() => Thread.CurrentThread.IsThreadPoolThread ? "a pool thread" : Thread.CurrentThread.Name;

        public int Echo(int value)
        {
            if (value < 0)
            {
                Release.Wait();
                Interlocked.Increment(ref EchoEnded);
            }

            return value;
        }
    }
}
