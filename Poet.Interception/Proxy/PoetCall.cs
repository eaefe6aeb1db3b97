using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Castle.DynamicProxy;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace Poet.Interception;

/// <summary>
/// One execution of a POET function: its id, clock, learned values, attempts and activity, from the proxy call
/// until <see cref="Finish"/> reports it (metrics, activity, log, record, result link). Its record is a pooled
/// <see cref="CallRecord"/> holding the recorded argument values and the result, which the recorder's writer serializes
/// with the method's compiled writers, so a queued record keeps neither this object nor Castle's invocation alive.
/// A synchronous call's object is the calling thread's and is reused by its next synchronous call (<see cref="RentSync"/>,
/// <see cref="ReturnSync"/>): nothing refers to it once the proxy returns. An asynchronous call's object lives in its task.
/// </summary>
internal sealed class PoetCall
{
    [ThreadStatic]
    private static PoetCall? _spare;

    private long _startTimestamp;
    private bool _finished;
    private ExceptionDispatchInfo? _firstFailure;
    private FirstAttemptDeadline? _firstDeadline; // kept with a reused sync call object

    private PoetCall()
    {
        Method = null!;
        Invocation = null!;
        Learned = null!;
    }

    /// <summary>Starts an execution: new id, learned values applied to the arguments, activity started if listened to.</summary>
    /// <param name="method">The compiled method.</param>
    /// <param name="invocation">Castle's invocation.</param>
    public PoetCall(PoetMethod method, IInvocation invocation)
        : this() => Start(method, invocation);

    /// <summary>
    /// Starts a synchronous execution in the calling thread's reusable call object (a new one when a call on this thread
    /// is still running, such as a POET method calling another). Give it back with <see cref="ReturnSync"/> when the proxy returns.
    /// </summary>
    /// <param name="method">The compiled method.</param>
    /// <param name="invocation">Castle's invocation.</param>
    /// <returns>The started call.</returns>
    public static PoetCall RentSync(PoetMethod method, IInvocation invocation)
    {
        var call = _spare ?? new PoetCall();
        _spare = null;
        call.Start(method, invocation);
        return call;
    }

    /// <summary>Forgets a finished synchronous call and keeps its object for the thread's next synchronous call.</summary>
    public void ReturnSync()
    {
        Method = null!;
        Invocation = null!;
        Learned = null!;
        Activity = null;
        Error = null;
        ProceedInfo = null;
        CallerToken = default;
        _spare = this;
    }

    private void Start(PoetMethod method, IInvocation invocation)
    {
        Method = method;
        Invocation = invocation;
        _finished = false;
        _firstFailure = null;
        Attempts = 0;
        DurationMs = 0;
        FinishedAt = 0;
        Outcome = default;
        Error = null;
        ProceedInfo = null;
        _startTimestamp = Stopwatch.GetTimestamp();
        StartedAt = CallClock.UtcAt(_startTimestamp);
        Key = ExecutionId.NewKey(StartedAt.ToUnixTimeMilliseconds());
        Learned = method.CurrentLearned();

        var slots = method.Learnables;
        for (var i = 0; i < slots.Length; i++)
        {
            invocation.SetArgumentValue(slots[i].Position, Learned.Arguments[i]);
        }

        CallerToken = method.TokenPosition >= 0 && invocation.Arguments[method.TokenPosition] is CancellationToken token ? token : default;
        Activity = PoetTelemetry.ActivitySource.HasListeners() ? ExecutionTelemetry.StartActivity(this) : null;
    }

    /// <summary>The compiled method.</summary>
    public PoetMethod Method { get; private set; }

    /// <summary>Castle's invocation.</summary>
    public IInvocation Invocation { get; private set; }

    /// <summary>The execution id (its text is made only when read).</summary>
    public ExecutionId Id => ExecutionId.FromKey(Key);

    /// <summary>The execution id as a number (what the call, its record, its link and the flow's last id keep).</summary>
    public UInt128 Key { get; private set; }

    /// <summary>When the call started.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>The learned values applied to this call.</summary>
    public LearnedValues Learned { get; private set; }

    /// <summary>The caller's own cancellation token (the method's token parameter), or none.</summary>
    public CancellationToken CallerToken { get; private set; }

    /// <summary>The execution's activity, when someone listens to the <c>Poet</c> activity source.</summary>
    public Activity? Activity { get; private set; }

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>The whole call's duration in milliseconds (set by <see cref="Finish"/>).</summary>
    public double DurationMs { get; private set; }

    /// <summary>When the call finished, a <see cref="Stopwatch.GetTimestamp"/> value (set by <see cref="Finish"/>).</summary>
    public long FinishedAt { get; private set; }

    /// <summary>How the call ended (set by <see cref="Finish"/>).</summary>
    public ExecutionOutcome Outcome { get; private set; }

    /// <summary>The failure's type and message, if any (set by <see cref="Finish"/>).</summary>
    public ExecutionError? Error { get; private set; }

    /// <summary>Re-invokes the target after <c>Intercept</c> returned (async retries).</summary>
    public IInvocationProceedInfo? ProceedInfo { get; set; }

    /// <summary>
    /// Runs a synchronous method: one direct attempt, or the Operate pipeline's attempts. Without a timeout the first
    /// attempt runs before Polly is entered: most calls succeed at once and then skip Polly's per-execution work. A
    /// failed first attempt becomes Polly's first outcome (<see cref="AttemptSync"/> rethrows it instead of calling
    /// the target), so Polly decides and runs every retry (which failures, delays, jitter, retry callbacks) as if it
    /// had made the first attempt itself.
    /// </summary>
    /// <returns>The target's return value.</returns>
    public object? RunSync()
    {
        var pipeline = Method.Pipeline;
        if (pipeline is null)
        {
            Attempts = 1;
            Invocation.Proceed();
            return Invocation.ReturnValue;
        }

        if (Method.Deadline is null && !CallerToken.IsCancellationRequested) // a cancelled caller: Polly refuses to start
        {
            Attempts = 1;
            if (Method.CooperativeTimeout is { } timeout)
            {
                if (TryFirstCooperativeAttempt(timeout, out var result))
                {
                    return result;
                }
            }
            else
            {
                try
                {
                    Invocation.Proceed();
                    return Invocation.ReturnValue;
                }
                catch (Exception ex)
                {
                    _firstFailure = ExceptionDispatchInfo.Capture(ex);
                }
            }
        }

        var context = ResilienceContextPool.Shared.Get(CallerToken);
        try
        {
            return pipeline.Execute(static (context, call) => call.AttemptSync(context), context, this);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// The first attempt of a method whose timeout is cooperative, before Polly is entered: the method gets a token
    /// cancelled at the deadline (or when the caller's token is), as Polly's timeout strategy would give it. An attempt
    /// that stops there with <see cref="OperationCanceledException"/> while the caller's token is not cancelled becomes
    /// the <see cref="TimeoutRejectedException"/> Polly's timeout makes of it; any failure is then Polly's first outcome
    /// (see <see cref="AttemptSync"/>). A late success is a success, as with Polly.
    /// </summary>
    /// <param name="timeout">The attempt's timeout.</param>
    /// <param name="result">The target's return value, when the attempt succeeded.</param>
    /// <returns><see langword="true"/> when the attempt succeeded.</returns>
    private bool TryFirstCooperativeAttempt(TimeSpan timeout, out object? result)
    {
        var deadline = _firstDeadline ??= new FirstAttemptDeadline();
        deadline.Start(timeout, CallerToken);
        try
        {
            if (Method.TokenPosition >= 0)
            {
                Invocation.SetArgumentValue(Method.TokenPosition, deadline.BoxedToken);
            }

            Invocation.Proceed();
            result = Invocation.ReturnValue;
            return true;
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !CallerToken.IsCancellationRequested)
        {
            _firstFailure = ExceptionDispatchInfo.Capture(new TimeoutRejectedException(
                $"The operation didn't complete within the allowed timeout of '{timeout}'.", timeout, ex));
        }
        catch (Exception ex)
        {
            _firstFailure = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            deadline.End();
        }

        result = null;
        return false;
    }

    /// <summary>Hands the attempt's cancellation token (the caller's, linked with the attempt's timeout) to the target.</summary>
    /// <param name="token">The attempt's token.</param>
    public void UseAttemptToken(CancellationToken token)
    {
        if (Method.TokenPosition >= 0 && token != CallerToken)
        {
            Invocation.SetArgumentValue(Method.TokenPosition, token);
        }
    }

    /// <summary>Classifies a failure of the Operate stage.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The outcome to record.</returns>
    public ExecutionOutcome Classify(Exception exception) => exception switch
    {
        PoetTimeoutException => ExecutionOutcome.TimedOut,
        OperationCanceledException when CallerToken.IsCancellationRequested => ExecutionOutcome.Cancelled,
        _ => ExecutionOutcome.Failed,
    };

    /// <summary>The exception a caller gets when the last attempt timed out.</summary>
    /// <param name="exception">Polly's timeout.</param>
    /// <returns>The <see cref="PoetTimeoutException"/>.</returns>
    public PoetTimeoutException TimedOut(TimeoutRejectedException exception) =>
        new($"{Method.FunctionId} timed out: attempt {Attempts} of {Method.Plan.Operate.Retries + 1} exceeded {Method.Plan.Operate.TimeoutMs} ms. " +
            "Raise [Poet(TimeoutMs = ...)] or make the implementation faster; the method's CancellationToken was cancelled at the deadline " +
            "(an attempt that does not stop then is abandoned, see PoetOptions.MaxAbandonedAttempts).", exception);

    /// <summary>
    /// Reports the execution once: metrics, activity, log, execution record and result link. Never throws; a failure
    /// of any of these is counted and logged, and the call goes on.
    /// </summary>
    /// <param name="outcome">How the call ended.</param>
    /// <param name="result">The result (for successes and enforcement failures).</param>
    /// <param name="error">The failure, if any.</param>
    public void Finish(ExecutionOutcome outcome, object? result, Exception? error)
    {
        if (_finished)
        {
            return; // one report per execution (each path finishes once; this guards against a future double call)
        }

        _finished = true;

        var runtime = Method.Runtime;
        FinishedAt = Stopwatch.GetTimestamp();
        var durationMs = Stopwatch.GetElapsedTime(_startTimestamp, FinishedAt).TotalMilliseconds;
        DurationMs = durationMs;
        Outcome = outcome;
        ExecutionTelemetry.Complete(this, outcome, durationMs, error);
        if (runtime.Logger.IsEnabled(LogLevel.Debug))
        {
            InterceptionLog.ExecutionFinished(runtime.Logger, Method.FunctionId, Id.Value, Learned.Version, outcome, durationMs, Attempts);
        }

        var success = outcome == ExecutionOutcome.Success;
        try
        {
            Error = error is null ? null : new ExecutionError(error.GetType().FullName ?? error.GetType().Name, error.Message);
            var recorded = success ? result : null;
            if (runtime.CallRecorder is { } direct)
            {
                direct.TryRecord(CallRecord.From(this, recorded));
            }
            else
            {
                runtime.Recorder.TryRecord(ToRecord(recorded));
            }
        }
        catch (Exception ex)
        {
            runtime.Errors.Report("recorder", ex);
        }

        if (success && result is not null && Method.Recording.LinksResults)
        {
            try
            {
                runtime.Links.Link(result, Key);
            }
            catch (Exception ex)
            {
                runtime.Errors.Report("links", ex);
            }
        }
    }

    /// <summary>The call as a whole record, for recorders that take records (tests, custom recorders, remote mode).</summary>
    private ExecutionRecord ToRecord(object? result) => new()
    {
        Id = Id,
        FunctionId = Method.FunctionId,
        Version = Learned.Version,
        StartedAt = StartedAt,
        DurationMs = DurationMs,
        Attempts = Attempts,
        Outcome = Outcome,
        Arguments = Method.RecordArguments(Invocation.Arguments),
        LearnedParameters = Learned.Values,
        Result = result,
        Error = Error,
    };

    private object? AttemptSync(ResilienceContext context)
    {
        if (_firstFailure is { } first)
        {
            _firstFailure = null;
            first.Throw(); // the first attempt, made before Polly was entered (see RunSync)
        }

        Attempts++;
        UseAttemptToken(context.CancellationToken);
        if (Method.Deadline is { } deadline)
        {
            return deadline.RunSync(Invocation, context.CancellationToken);
        }

        Invocation.Proceed();
        return Invocation.ReturnValue;
    }
}
