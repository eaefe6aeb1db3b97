using Autofac;

namespace Poet.Tests.Interception;

/// <summary>
/// A sync method with retries and no timeout makes its first attempt before Polly is entered; a failed first attempt
/// becomes Polly's first outcome, so retries, their limits and what is not retried stay Polly's decisions.
/// </summary>
public sealed class FirstAttemptTests
{
    private CapturingRecorder _recorder = null!;
    private IContainer _container = null!;
    private Retrying _target = null!;
    private IRetrying _proxy = null!;

    [SetUp]
    public void SetUp()
    {
        _recorder = new CapturingRecorder();
        _target = new Retrying();
        _container = PoetTestHost.Build(b => b.RegisterInstance(_target).As<IRetrying>().EnablePoet(), recorder: _recorder);
        _proxy = _container.Resolve<IRetrying>();
    }

    [TearDown]
    public void TearDown() => _container.Dispose();

    [Test]
    public void A_first_attempt_that_succeeds_is_the_only_attempt()
    {
        Assert.That(_proxy.FailTimes(0), Is.EqualTo(1));
        Assert.That(_recorder.Single("IRetrying.FailTimes").Attempts, Is.EqualTo(1));
    }

    [Test]
    public void A_failed_first_attempt_is_retried_by_the_pipeline_without_calling_the_target_twice_for_it()
    {
        Assert.That(_proxy.FailTimes(1), Is.EqualTo(2));

        var record = _recorder.Single("IRetrying.FailTimes");
        Assert.Multiple(() =>
        {
            Assert.That(_target.Calls, Is.EqualTo(2));
            Assert.That(record.Attempts, Is.EqualTo(2));
            Assert.That(record.Outcome, Is.EqualTo(ExecutionOutcome.Success));
        });
    }

    [Test]
    public void Every_retry_is_used_and_the_caller_gets_the_last_attempts_own_exception()
    {
        var ex = Assert.Throws<TransientFailureException>(() => _proxy.FailTimes(10));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Is.EqualTo("call 3"));
            Assert.That(ex.StackTrace, Does.Contain(nameof(Retrying.FailTimes)));
            Assert.That(_target.Calls, Is.EqualTo(3), "1 attempt + Retries = 2");
            Assert.That(_recorder.Single("IRetrying.FailTimes").Attempts, Is.EqualTo(3));
        });
    }

    [Test]
    public void A_first_failure_the_pipeline_does_not_retry_reaches_the_caller_unchanged_after_one_attempt()
    {
        var ex = Assert.Throws<OperationCanceledException>(() => _proxy.CancelsItself());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Is.EqualTo("gave up"));
            Assert.That(ex.StackTrace, Does.Contain(nameof(Retrying.CancelsItself)));
            Assert.That(_target.Calls, Is.EqualTo(1));
            Assert.That(_recorder.Single("IRetrying.CancelsItself").Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_caller_whose_token_is_already_cancelled_is_refused_before_any_attempt()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => _proxy.WithToken(cancelled.Token));

        Assert.Multiple(() =>
        {
            Assert.That(_target.Calls, Is.EqualTo(0));
            Assert.That(_recorder.Single("IRetrying.WithToken").Outcome, Is.EqualTo(ExecutionOutcome.Cancelled));
        });
    }

    [Test]
    public void The_first_attempt_gets_the_callers_own_token()
    {
        using var source = new CancellationTokenSource();

        _proxy.WithToken(source.Token);

        Assert.That(_target.LastToken, Is.EqualTo(source.Token));
    }
}

public interface IRetrying
{
    [Poet(Retries = 2)]
    int FailTimes(int failures);

    [Poet(Retries = 2)]
    int CancelsItself();

    [Poet(Retries = 2)]
    int WithToken(CancellationToken cancellationToken);
}

public sealed class Retrying : IRetrying
{
    public int Calls;
    public CancellationToken LastToken;

    public int FailTimes(int failures)
    {
        var call = ++Calls;
        return call <= failures ? throw new TransientFailureException($"call {call}") : call;
    }

    public int CancelsItself()
    {
        Calls++;
        throw new OperationCanceledException("gave up");
    }

    public int WithToken(CancellationToken cancellationToken)
    {
        Calls++;
        LastToken = cancellationToken;
        return 0;
    }
}
