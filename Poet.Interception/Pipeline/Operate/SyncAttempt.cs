using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Poet.Interception;

/// <summary>
/// One synchronous attempt handed to a thread-pool thread, or to one of POET's own threads (<see cref="AttemptThreads"/>)
/// when no pool thread takes it at once, by <see cref="DeadlineRunner"/>: the target, its compiled
/// invoker and a copy of the arguments in, the return value or the exception out. The caller waits for it (a few yields of
/// its core, then blocking without spinning) until it ends or the deadline passes. A caller thread keeps its attempt for its next call; an abandoned
/// attempt belongs to its worker from then on and is never reused.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The event's WaitHandle is never read, so it holds no OS handle to dispose; attempts live as long as their thread.")]
internal sealed class SyncAttempt : IThreadPoolWorkItem
{
    private const int Running = 0;
    private const int Ended = 1;
    private const int Abandoned = 2;

    /// <summary>
    /// How often a waiting caller yields its core before it blocks. A yield lets the worker run at once when it waits
    /// for this core; blocking right away cost 2.5x the time per call on a loaded 2-core machine (about two voluntary
    /// context switches per call, measured with <c>-- sustained block 3 timeout</c>), and so did spinning.
    /// </summary>
    private const int YieldsBeforeBlocking = 20;

    /// <summary>
    /// How long a queued attempt may wait for a thread-pool thread before the caller hands it to a POET attempt thread
    /// (<see cref="AttemptThreads"/>). A pool thread usually takes it within microseconds and costs less than waking a
    /// dedicated thread; a pool whose threads are all blocked callers (an ASP.NET Core app under load) takes it only when
    /// the pool grows, about one thread a second.
    /// </summary>
    private const int StartGraceMs = 2;

    [ThreadStatic]
    private static SyncAttempt? _spare;

    private static readonly ContextCallback RunInContext = static state => ((SyncAttempt)state!).Run();

    private readonly ManualResetEventSlim _ended = new(initialState: false, spinCount: 0);
    private object?[] _arguments = [];
    private object? _target;
    private MethodInvoker? _invoker;
    private ExecutionContext? _context;
    private DeadlineRunner? _runner;
    private object? _result;
    private ExceptionDispatchInfo? _error;
    private int _state;
    private int _taken = 1; // 0 while queued and not yet taken by a thread

    /// <summary>Takes the calling thread's spare attempt (or a new one) and queues it on the thread pool.</summary>
    /// <param name="runner">The function's runner (told when an abandoned attempt ends).</param>
    /// <param name="target">The target object.</param>
    /// <param name="invoker">The method's invoker.</param>
    /// <param name="arguments">The call's arguments: copied, so an abandoned attempt never touches a later call.</param>
    /// <returns>The running attempt.</returns>
    public static SyncAttempt Start(DeadlineRunner runner, object? target, MethodInvoker invoker, object?[] arguments)
    {
        var attempt = _spare ?? new SyncAttempt();
        _spare = null;
        if (attempt._arguments.Length != arguments.Length)
        {
            attempt._arguments = new object?[arguments.Length];
        }

        Array.Copy(arguments, attempt._arguments, arguments.Length);
        attempt._runner = runner;
        attempt._target = target;
        attempt._invoker = invoker;
        attempt._context = ExecutionContext.Capture(); // the method sees the caller's async-locals, as with Task.Run
        attempt._state = Running;
        Volatile.Write(ref attempt._taken, 0); // last: a thread that takes it sees every field above
        ThreadPool.UnsafeQueueUserWorkItem(attempt, preferLocal: false);
        return attempt;
    }

    /// <summary>
    /// Waits until the attempt ends or <paramref name="token"/> is cancelled (at the deadline, by Polly's timeout, or by
    /// the caller): yields the core a few times (the worker often needs just that), then blocks without spinning.
    /// </summary>
    /// <param name="token">The attempt's token; the method sees the same token, so it is cancelled too.</param>
    /// <returns><see langword="true"/> when it ended; <see langword="false"/> when it was abandoned still running.</returns>
    public bool Wait(CancellationToken token)
    {
        try
        {
            for (var i = 0; i < YieldsBeforeBlocking && !_ended.IsSet && !token.IsCancellationRequested; i++)
            {
                Thread.Yield();
            }

            if (!_ended.Wait(StartGraceMs, token) && Volatile.Read(ref _taken) == 0)
            {
                AttemptThreads.Run(this); // no pool thread took it: the pool is starved (by callers like this one)
            }

            _ended.Wait(token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return Abandon();
        }
    }

    /// <summary>Abandons the attempt at its deadline, unless it ended just then.</summary>
    /// <returns><see langword="false"/> when abandoned still running; <see langword="true"/> when it had ended just then.</returns>
    private bool Abandon()
    {
        // Counted before the worker can see it abandoned, so the worker's end is never counted first.
        var runner = _runner!;
        runner.AbandonStarted();
        if (Interlocked.CompareExchange(ref _state, Abandoned, Running) == Running)
        {
            return false;
        }

        runner.AbandonedEnded(); // it ended just as the deadline passed: its outcome stands
        _ended.Wait(CancellationToken.None); // its worker is about to set the event: let it, before the event is reused
        return true;
    }

    /// <summary>Returns the attempt's value or rethrows its exception, and keeps the attempt for the thread's next call.</summary>
    /// <param name="byRef">When the method has out or ref parameters: the call's arguments, to receive their values.</param>
    /// <returns>The return value.</returns>
    public object? TakeResult(object?[]? byRef)
    {
        var result = _result;
        var error = _error;
        if (error is null && byRef is not null)
        {
            Array.Copy(_arguments, byRef, byRef.Length);
        }

        Clear();
        _ended.Reset();
        _spare = this;
        error?.Throw();
        return result;
    }

    /// <inheritdoc />
    void IThreadPoolWorkItem.Execute()
    {
        if (Interlocked.Exchange(ref _taken, 1) != 0)
        {
            return; // the other thread it was handed to runs it (or ran it)
        }

        if (_context is { } context)
        {
            ExecutionContext.Run(context, RunInContext, this);
        }
        else
        {
            Run();
        }
    }

    private void Run()
    {
        try
        {
            _result = _invoker!.Invoke(_target, _arguments.AsSpan());
        }
        catch (Exception ex)
        {
            _error = ExceptionDispatchInfo.Capture(ex);
        }

        if (Interlocked.CompareExchange(ref _state, Ended, Running) == Running)
        {
            _ended.Set();
            return;
        }

        // Abandoned at the deadline: no one takes the outcome (an abandoned attempt's failure has no one to go to).
        var runner = _runner!;
        Clear();
        runner.AbandonedEnded();
    }

    private void Clear()
    {
        Array.Clear(_arguments);
        _target = null;
        _invoker = null;
        _context = null;
        _runner = null;
        _result = null;
        _error = null;
    }
}
