using Autofac;

namespace Poet.Tests.Interception;

/// <summary>
/// A sync method with a cooperative timeout makes its first attempt before Polly is entered, with a token of its own
/// cancelled at the deadline: timeouts still fire, are retried and recorded, and the caller's token still cancels it.
/// </summary>
public sealed class CooperativeFirstAttemptTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Test]
    public void A_first_attempt_that_stops_at_its_deadline_is_retried_and_the_retrys_result_is_recorded_as_a_success()
    {
        var recorder = new CapturingRecorder();
        var target = new Deadlines { HangFirst = 1 };
        using var container = PoetTestHost.Build(b => b.RegisterInstance(target).As<IDeadlines>().EnablePoet(), recorder: recorder);

        var result = container.Resolve<IDeadlines>().Work(CancellationToken.None);

        var record = recorder.Single("IDeadlines.Work");
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(2), "the second attempt's result");
            Assert.That(target.Calls, Is.EqualTo(2));
            Assert.That(target.CancelledAtDeadline, Is.EqualTo(1), "the first attempt's token was cancelled at the deadline");
            Assert.That(record.Outcome, Is.EqualTo(ExecutionOutcome.Success));
            Assert.That(record.Attempts, Is.EqualTo(2));
        });
    }

    [Test]
    public void Attempts_that_all_stop_at_their_deadline_end_as_a_recorded_timeout_after_every_retry()
    {
        var recorder = new CapturingRecorder();
        var target = new Deadlines { HangFirst = int.MaxValue };
        using var container = PoetTestHost.Build(b => b.RegisterInstance(target).As<IDeadlines>().EnablePoet(), recorder: recorder);

        var ex = Assert.Throws<PoetTimeoutException>(() => container.Resolve<IDeadlines>().Work(CancellationToken.None));

        var record = recorder.Single("IDeadlines.Work");
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("attempt 3 of 3").And.Contain("40 ms"));
            Assert.That(ex.InnerException, Is.InstanceOf<Polly.Timeout.TimeoutRejectedException>());
            Assert.That(target.Calls, Is.EqualTo(3), "the first attempt and two retries");
            Assert.That(target.CancelledAtDeadline, Is.EqualTo(3));
            Assert.That(record.Outcome, Is.EqualTo(ExecutionOutcome.TimedOut));
            Assert.That(record.Attempts, Is.EqualTo(3));
        });
    }

    [Test]
    public void A_method_with_only_a_cooperative_timeout_ends_as_a_timeout_after_its_one_attempt()
    {
        var recorder = new CapturingRecorder();
        var target = new Deadlines { HangFirst = int.MaxValue };
        using var container = PoetTestHost.Build(b => b.RegisterInstance(target).As<IDeadlines>().EnablePoet(), recorder: recorder);

        Assert.Throws<PoetTimeoutException>(() => container.Resolve<IDeadlines>().Once(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(target.Calls, Is.EqualTo(1));
            Assert.That(recorder.Single("IDeadlines.Once").Outcome, Is.EqualTo(ExecutionOutcome.TimedOut));
        });
    }

    [Test]
    public void A_failing_first_attempt_is_retried_by_the_pipeline()
    {
        var target = new Deadlines { FailFirst = 2 };
        using var container = PoetTestHost.Build(b => b.RegisterInstance(target).As<IDeadlines>().EnablePoet());

        var result = container.Resolve<IDeadlines>().Work(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(3));
            Assert.That(target.Calls, Is.EqualTo(3));
            Assert.That(target.CancelledAtDeadline, Is.Zero);
        });
    }

    [Test]
    public void Cancelling_the_callers_token_during_the_first_attempt_cancels_the_attempts_token_and_is_not_retried()
    {
        var recorder = new CapturingRecorder();
        var target = new Deadlines { HangFirst = int.MaxValue, CancelCallerAfterStart = true };
        using var container = PoetTestHost.Build(b => b.RegisterInstance(target).As<IDeadlines>().EnablePoet(), recorder: recorder);
        using var caller = new CancellationTokenSource();
        target.Caller = caller;

        Assert.Catch<OperationCanceledException>(() => container.Resolve<IDeadlines>().Work(caller.Token));

        var record = recorder.Single("IDeadlines.Work");
        Assert.Multiple(() =>
        {
            Assert.That(target.Calls, Is.EqualTo(1));
            Assert.That(target.CancelledAtDeadline, Is.Zero, "the token was cancelled by the caller, long before the deadline");
            Assert.That(target.LongestWait, Is.LessThan(HangGuard));
            Assert.That(record.Outcome, Is.EqualTo(ExecutionOutcome.Cancelled));
            Assert.That(record.Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public void After_a_timed_out_call_the_next_call_on_the_thread_gets_a_live_token_that_its_deadline_can_cancel()
    {
        var target = new Deadlines { HangFirst = 1 };
        using var container = PoetTestHost.Build(b => b.RegisterInstance(target).As<IDeadlines>().EnablePoet());
        var service = container.Resolve<IDeadlines>();
        service.Work(CancellationToken.None); // the first attempt timed out: its source was cancelled

        var token = service.Token(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(token.CanBeCanceled, Is.True, "the attempt has a deadline");
            Assert.That(target.TokenCancelledAtEntry, Is.False);
        });
    }

    [Test]
    public void A_poet_call_inside_a_cooperative_attempt_gets_a_token_of_its_own()
    {
        var target = new Deadlines();
        using var container = PoetTestHost.Build(b => b.RegisterInstance(target).As<IDeadlines>().EnablePoet());
        var service = container.Resolve<IDeadlines>();
        target.Self = service;

        var (outer, inner) = service.Nested(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(outer.CanBeCanceled && inner.CanBeCanceled, Is.True);
            Assert.That(inner, Is.Not.EqualTo(outer), "the nested call's deadline is not the outer call's");
        });
    }

    public interface IDeadlines
    {
        [Poet(Retries = 2, TimeoutMs = 40, CooperativeTimeout = true)]
        int Work(CancellationToken cancellationToken);

        [Poet(TimeoutMs = 40, CooperativeTimeout = true)]
        int Once(CancellationToken cancellationToken);

        [Poet(Retries = 1, TimeoutMs = 1000, CooperativeTimeout = true)]
        CancellationToken Token(CancellationToken cancellationToken);

        [Poet(Retries = 1, TimeoutMs = 1000, CooperativeTimeout = true)]
        (CancellationToken Outer, CancellationToken Inner) Nested(CancellationToken cancellationToken);
    }

    public sealed class Deadlines : IDeadlines
    {
        public int HangFirst { get; init; }

        public int FailFirst { get; init; }

        public bool CancelCallerAfterStart { get; init; }

        public CancellationTokenSource? Caller { get; set; }

        public IDeadlines? Self { get; set; }

        public int Calls { get; private set; }

        public int CancelledAtDeadline { get; private set; }

        public TimeSpan LongestWait { get; private set; }

        public bool TokenCancelledAtEntry { get; private set; }

        public int Work(CancellationToken cancellationToken)
        {
            var call = ++Calls;
            if (call <= FailFirst)
            {
                throw new TransientFailureException($"attempt {call}");
            }

            if (call <= HangFirst)
            {
                if (CancelCallerAfterStart)
                {
                    Caller!.Cancel();
                }

                var started = DateTime.UtcNow;
                cancellationToken.WaitHandle.WaitOne(HangGuard);
                var waited = DateTime.UtcNow - started;
                LongestWait = waited > LongestWait ? waited : LongestWait;
                if (cancellationToken.IsCancellationRequested && !CancelCallerAfterStart)
                {
                    CancelledAtDeadline++;
                }

                cancellationToken.ThrowIfCancellationRequested();
            }

            return call;
        }

        public int Once(CancellationToken cancellationToken) => Work(cancellationToken);

        public CancellationToken Token(CancellationToken cancellationToken)
        {
            TokenCancelledAtEntry = cancellationToken.IsCancellationRequested;
            return cancellationToken;
        }

        public (CancellationToken Outer, CancellationToken Inner) Nested(CancellationToken cancellationToken) =>
            (cancellationToken, Self!.Token(CancellationToken.None));
    }
}
