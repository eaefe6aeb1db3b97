using Autofac;

namespace Poet.Tests.Interception;

public sealed class OperateTests
{
    private CapturingRecorder _recorder = null!;
    private IContainer _container = null!;
    private Flaky _flaky = null!;

    [SetUp]
    public void SetUp()
    {
        _recorder = new CapturingRecorder();
        _flaky = new Flaky();
        _container = PoetTestHost.Build(b => b.RegisterInstance(_flaky).As<IFlaky>().EnablePoet(), recorder: _recorder);
    }

    [TearDown]
    public void TearDown() => _container.Dispose();

    private IFlaky Flaky => _container.Resolve<IFlaky>();

    [Test]
    public void Sync_method_is_retried_until_it_succeeds()
    {
        Assert.That(Flaky.Sync(2), Is.EqualTo(3));
        AssertAttempts("IFlaky.Sync", 3);
    }

    [Test]
    public void Void_method_is_retried_until_it_succeeds()
    {
        Flaky.SyncVoid(2);
        AssertAttempts("IFlaky.SyncVoid", 3);
    }

    [Test]
    public async Task Task_of_T_method_is_retried_by_re_invoking_the_target()
    {
        Assert.That(await Flaky.TaskOfT(3), Is.EqualTo(4));
        AssertAttempts("IFlaky.TaskOfT", 4);
    }

    [Test]
    public async Task Task_method_is_retried_by_re_invoking_the_target()
    {
        await Flaky.PlainTask(1);
        AssertAttempts("IFlaky.PlainTask", 2);
    }

    [Test]
    public async Task ValueTask_of_T_method_is_retried_by_re_invoking_the_target()
    {
        Assert.That(await Flaky.ValueTaskOfT(2), Is.EqualTo(3));
        AssertAttempts("IFlaky.ValueTaskOfT", 3);
    }

    [Test]
    public async Task Every_caller_gets_the_retried_result_even_when_the_retry_runs_before_the_proxy_returns()
    {
        // A retry runs on a pool thread right after the first attempt yields, racing the proxy's read of the return
        // value: a retry that re-proceeded the invocation replaced it, and the caller awaited the failed attempt. That
        // race failed one CI run; it is rare, so this loop guards the fix but did not reproduce it in three runs.
        var flaky = Flaky;
        for (var i = 0; i < 2_000; i++)
        {
            var before = Volatile.Read(ref _flaky.Attempts);
            Assert.That(await flaky.ValueTaskOfT(before + 1), Is.EqualTo(before + 2), $"call {i}");
        }
    }

    [Test]
    public async Task ValueTask_method_is_retried_by_re_invoking_the_target()
    {
        await Flaky.PlainValueTask(3);
        AssertAttempts("IFlaky.PlainValueTask", 4);
    }

    [Test]
    public void After_the_last_retry_the_caller_gets_the_targets_own_exception_unchanged()
    {
        var ex = Assert.Throws<TransientFailureException>(() => Flaky.AlwaysFails());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Is.EqualTo("attempt 3"));
            Assert.That(ex.StackTrace, Does.Contain(nameof(Poet.Tests.Interception.Flaky.AlwaysFails)));
            Assert.That(_flaky.Attempts, Is.EqualTo(3));
            Assert.That(_recorder.Single("IFlaky.AlwaysFails").Outcome, Is.EqualTo(ExecutionOutcome.Failed));
            Assert.That(_recorder.Single("IFlaky.AlwaysFails").Error!.Type, Is.EqualTo(typeof(TransientFailureException).FullName));
        });
    }

    [Test]
    public void After_the_last_async_retry_the_caller_gets_the_targets_own_exception_unchanged()
    {
        var ex = Assert.ThrowsAsync<TransientFailureException>(() => Flaky.AlwaysFailsAsync());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Is.EqualTo("attempt 3"));
            Assert.That(ex.StackTrace, Does.Contain(nameof(Poet.Tests.Interception.Flaky.AlwaysFailsAsync)));
            Assert.That(_flaky.Attempts, Is.EqualTo(3));
        });
    }

    [Test]
    public void A_timeout_cancels_the_targets_token_and_throws_PoetTimeoutException()
    {
        var slow = new Slow();
        using var container = PoetTestHost.Build(b => b.RegisterInstance(slow).As<ISlow>().EnablePoet(), recorder: _recorder);

        var ex = Assert.ThrowsAsync<PoetTimeoutException>(() => container.Resolve<ISlow>().WaitAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(ex, Is.InstanceOf<TimeoutException>());
            Assert.That(ex!.Message, Does.Contain("ISlow.WaitAsync").And.Contain("50 ms"));
            Assert.That(() => Volatile.Read(ref slow.Cancellations), Is.EqualTo(1).After(30_000, 10), "the attempt's token is cancelled at the deadline");
            Assert.That(_recorder.Single("ISlow.WaitAsync").Outcome, Is.EqualTo(ExecutionOutcome.TimedOut));
        });
    }

    [Test]
    public void A_sync_timeout_cancels_the_targets_token_on_every_attempt()
    {
        var slow = new Slow();
        using var container = PoetTestHost.Build(b => b.RegisterInstance(slow).As<ISlow>().EnablePoet(), recorder: _recorder);

        Assert.Throws<PoetTimeoutException>(() => container.Resolve<ISlow>().WaitSync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(slow.Attempts, Is.EqualTo(2));
            Assert.That(() => Volatile.Read(ref slow.Cancellations), Is.EqualTo(2).After(30_000, 10), "each attempt's token is cancelled at its deadline");
            Assert.That(_recorder.Single("ISlow.WaitSync").Attempts, Is.EqualTo(2));
        });
    }

    [Test]
    public void An_async_target_that_ignores_its_token_still_times_out()
    {
        var slow = new Slow();
        using var container = PoetTestHost.Build(b => b.RegisterInstance(slow).As<ISlow>().EnablePoet());

        Assert.ThrowsAsync<PoetTimeoutException>(() => container.Resolve<ISlow>().IgnoresTokenAsync());
    }

    [Test]
    public async Task Caller_cancellation_reaches_the_target_and_is_not_retried()
    {
        var slow = new Slow();
        using var container = PoetTestHost.Build(b => b.RegisterInstance(slow).As<ISlow>().EnablePoet(), recorder: _recorder);
        using var cts = new CancellationTokenSource();

        var call = container.Resolve<ISlow>().CallerCancellable(cts.Token);
        await slow.Started.Task;
        await cts.CancelAsync();

        Assert.CatchAsync<OperationCanceledException>(() => call);
        Assert.Multiple(() =>
        {
            Assert.That(slow.Attempts, Is.EqualTo(1));
            Assert.That(_recorder.Single("ISlow.CallerCancellable").Outcome, Is.EqualTo(ExecutionOutcome.Cancelled));
        });
    }

    [Test]
    public void An_already_cancelled_caller_token_is_honoured()
    {
        var slow = new Slow();
        using var container = PoetTestHost.Build(b => b.RegisterInstance(slow).As<ISlow>().EnablePoet());

        Assert.CatchAsync<OperationCanceledException>(() => container.Resolve<ISlow>().CallerCancellable(new CancellationToken(canceled: true)));
        Assert.That(slow.Attempts, Is.LessThanOrEqualTo(1));
    }

    private void AssertAttempts(string functionId, int attempts)
    {
        var record = _recorder.Single(functionId);
        Assert.Multiple(() =>
        {
            Assert.That(_flaky.Attempts, Is.EqualTo(attempts));
            Assert.That(record.Attempts, Is.EqualTo(attempts));
            Assert.That(record.Outcome, Is.EqualTo(ExecutionOutcome.Success));
        });
    }
}
