using Autofac;
using Autofac.Core;

namespace Poet.Tests.Interception;

/// <summary>
/// <c>[Poet(TimeoutMs = ..., CooperativeTimeout = true)]</c>: attempts run on the caller's thread (no hand-off to another
/// thread), the method's token is cancelled at the deadline, and a method that stops there ends as a POET timeout.
/// </summary>
public sealed class CooperativeTimeoutTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Test]
    public void A_sync_attempt_runs_on_the_callers_thread()
    {
        var target = new Cooperative();
        using var container = PoetTestHost.Build(b => b.RegisterInstance(target).As<ICooperative>().EnablePoet());

        var result = container.Resolve<ICooperative>().Quick(21, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(42));
            Assert.That(target.QuickThread, Is.EqualTo(Environment.CurrentManagedThreadId));
        });
    }

    [Test]
    public void A_sync_method_that_stops_at_its_token_ends_as_a_timeout_at_the_deadline_after_its_retries()
    {
        var target = new Cooperative();
        using var container = PoetTestHost.Build(b => b.RegisterInstance(target).As<ICooperative>().EnablePoet());
        var service = container.Resolve<ICooperative>();

        var ex = Assert.Throws<PoetTimeoutException>(() => service.WaitsForToken(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("ICooperative.WaitsForToken").And.Contain("50 ms"));
            Assert.That(target.WaitAttempts, Is.EqualTo(2), "one attempt and one retry");
            Assert.That(target.WaitThreads.Distinct(), Is.EqualTo(new[] { Environment.CurrentManagedThreadId }), "every attempt ran on the caller's thread");
            Assert.That(target.LongestWait, Is.LessThan(HangGuard), "the token was never cancelled");
        });
    }

    [Test]
    public void An_async_method_that_stops_at_its_token_ends_as_a_timeout_and_its_synchronous_start_runs_on_the_callers_thread()
    {
        var target = new Cooperative();
        using var container = PoetTestHost.Build(b => b.RegisterInstance(target).As<ICooperative>().EnablePoet());
        var callerThread = Environment.CurrentManagedThreadId;

        var task = container.Resolve<ICooperative>().WaitsForTokenAsync(CancellationToken.None);

        Assert.That(target.AsyncStartThread, Is.EqualTo(callerThread));
        Assert.ThrowsAsync<PoetTimeoutException>(async () => await task.WaitAsync(HangGuard));
    }

    [Test]
    public void Without_a_cancellation_token_the_service_fails_to_resolve_saying_what_to_add()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<NoToken>().As<INoToken>().EnablePoet());

        var ex = Assert.Throws<DependencyResolutionException>(() => container.Resolve<INoToken>());

        Assert.That(ex!.ToString(), Does.Contain("INoToken.Work").And.Contain("takes no CancellationToken").And.Contain("CooperativeTimeout"));
    }

    [Test]
    public void Without_a_timeout_the_service_fails_to_resolve_saying_what_to_set()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<NoTimeout>().As<INoTimeout>().EnablePoet());

        var ex = Assert.Throws<DependencyResolutionException>(() => container.Resolve<INoTimeout>());

        Assert.That(ex!.ToString(), Does.Contain("INoTimeout.Work").And.Contain("Set TimeoutMs above 0"));
    }

    [Test]
    public void The_stored_plan_says_the_timeout_is_cooperative()
    {
        using var container = PoetTestHost.Build(b => b.RegisterType<Cooperative>().As<ICooperative>().EnablePoet());
        container.Resolve<ICooperative>().Quick(1, CancellationToken.None);

        var plan = container.Resolve<IFunctionStore>().GetPlan("ICooperative.Quick", 1);

        Assert.That(plan!.Operate, Is.EqualTo(new OperatePolicy { Retries = 1, TimeoutMs = 50, CooperativeTimeout = true, BaseDelayMs = 0 }));
    }

    public interface ICooperative
    {
        [Poet(Retries = 1, TimeoutMs = 50, CooperativeTimeout = true)]
        int Quick(int value, CancellationToken cancellationToken);

        [Poet(Retries = 1, TimeoutMs = 50, CooperativeTimeout = true)]
        int WaitsForToken(CancellationToken cancellationToken);

        [Poet(TimeoutMs = 50, CooperativeTimeout = true)]
        Task<int> WaitsForTokenAsync(CancellationToken cancellationToken);
    }

    public interface INoToken
    {
        [Poet(TimeoutMs = 50, CooperativeTimeout = true)]
        int Work(int value);
    }

    public interface INoTimeout
    {
        [Poet(CooperativeTimeout = true)]
        int Work(CancellationToken cancellationToken);
    }

    public sealed class Cooperative : ICooperative
    {
        private readonly object _gate = new();

        public int QuickThread { get; private set; }

        public int WaitAttempts { get; private set; }

        public List<int> WaitThreads { get; } = [];

        public TimeSpan LongestWait { get; private set; }

        public int AsyncStartThread { get; private set; }

        public int Quick(int value, CancellationToken cancellationToken)
        {
            QuickThread = Environment.CurrentManagedThreadId;
            return value * 2;
        }

        public int WaitsForToken(CancellationToken cancellationToken)
        {
            var started = DateTime.UtcNow;
            lock (_gate)
            {
                WaitAttempts++;
                WaitThreads.Add(Environment.CurrentManagedThreadId);
            }

            cancellationToken.WaitHandle.WaitOne(HangGuard);
            var waited = DateTime.UtcNow - started;
            LongestWait = waited > LongestWait ? waited : LongestWait;
            cancellationToken.ThrowIfCancellationRequested();
            return 1;
        }

        public async Task<int> WaitsForTokenAsync(CancellationToken cancellationToken)
        {
            AsyncStartThread = Environment.CurrentManagedThreadId;
            await Task.Delay(HangGuard, cancellationToken);
            return 1;
        }
    }

    public sealed class NoToken : INoToken
    {
        public int Work(int value) => value;
    }

    public sealed class NoTimeout : INoTimeout
    {
        public int Work(CancellationToken cancellationToken) => 1;
    }
}
