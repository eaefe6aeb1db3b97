using System.Reflection;
using Castle.DynamicProxy;
using Microsoft.Extensions.Logging;

namespace Poet.Interception;

/// <summary>
/// Runs the attempts of a function that has a <see cref="PoetAttribute.TimeoutMs"/> off the caller's thread, so the
/// caller gets its answer at the deadline whatever the method does: a synchronous method, a method without (or
/// ignoring) its <see cref="CancellationToken"/>, a <see cref="Task"/> method that blocks before its first await.
/// </summary>
/// <remarks>
/// At the deadline the attempt's token is cancelled and the caller stops waiting. An attempt still running then cannot
/// be stopped (.NET cannot abort a thread): it is abandoned, logged and counted (<see cref="PoetTelemetry.AbandonedAttempts"/>)
/// until it ends. The number of abandoned attempts of one function still running is bounded by
/// <see cref="PoetOptions.MaxAbandonedAttempts"/>: at the bound, new calls fail at once with
/// <see cref="PoetTimeoutException"/> instead of starting more work that cannot be stopped, until one ends.
/// Each attempt runs on a copy of the arguments, so an abandoned attempt never touches a later attempt's call.
/// </remarks>
internal sealed class DeadlineRunner
{
    private readonly string _functionId;
    private readonly int _timeoutMs;
    private readonly int _limit;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _functionTag;
    private int _running;
    private MethodInvokerEntry? _invoker;

    /// <summary>Creates the runner of one function.</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="timeoutMs">The per-attempt timeout.</param>
    /// <param name="limit">At most this many abandoned attempts may still run.</param>
    /// <param name="logger">Reports abandoned attempts.</param>
    public DeadlineRunner(string functionId, int timeoutMs, int limit, ILogger logger)
    {
        _functionId = functionId;
        _timeoutMs = timeoutMs;
        _limit = Math.Max(1, limit);
        _logger = logger;
        _functionTag = new KeyValuePair<string, object?>(PoetTelemetry.FunctionTag, functionId);
    }

    /// <summary>Abandoned attempts that still run.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>
    /// Runs one attempt of a synchronous method on a POET attempt thread (<see cref="AttemptThreads"/>) through the method's invoker (compiled once,
    /// no reflection per call) while the caller waits; returns its return value or throws its exception.
    /// </summary>
    /// <param name="invocation">Castle's invocation (its arguments hold the attempt's token and learned values).</param>
    /// <param name="token">The attempt's token: cancelled at the deadline or by the caller.</param>
    /// <returns>The return value.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled before the attempt ended.</exception>
    public object? RunSync(IInvocation invocation, CancellationToken token)
    {
        Admit();
        var invoker = Invoker(invocation);
        var attempt = SyncAttempt.Start(this, invocation.InvocationTarget, invoker.Invoker, invocation.Arguments);
        if (!attempt.Wait(token))
        {
            Abandoned();
            token.ThrowIfCancellationRequested();
        }

        var result = attempt.TakeResult(invoker.HasByRef ? invocation.Arguments : null);
        invocation.ReturnValue = result;
        return result;
    }

    /// <summary>Runs one attempt of an awaitable method; its synchronous start runs off the caller's thread too.</summary>
    /// <typeparam name="T">The awaited result.</typeparam>
    /// <param name="invocation">Castle's invocation.</param>
    /// <param name="await">Turns the method's return value into an awaitable.</param>
    /// <param name="token">The attempt's token.</param>
    /// <returns>The attempt.</returns>
    public Task<T> RunAsync<T>(IInvocation invocation, Func<object?, ValueTask<T>> await, CancellationToken token)
    {
        Admit();
        var arguments = (object?[])invocation.Arguments.Clone(); // an abandoned attempt never touches a later call
        var target = invocation.InvocationTarget;
        var invoker = Invoker(invocation).Invoker;
        var work = Task.Run(() => await(invoker.Invoke(target, arguments.AsSpan())).AsTask(), CancellationToken.None);
        return WaitAsync(work, token);
    }

    private async Task<T> WaitAsync<T>(Task<T> work, CancellationToken token)
    {
        try
        {
            return await work.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!work.IsCompleted)
        {
            Abandon(work);
            throw;
        }
    }

    /// <summary>Counts an attempt abandoned at its deadline (before its worker can report its end).</summary>
    internal void AbandonStarted() => Interlocked.Increment(ref _running);

    /// <summary>An abandoned attempt ended.</summary>
    internal void AbandonedEnded() => Interlocked.Decrement(ref _running);

    private void Admit()
    {
        var running = Running;
        if (running >= _limit)
        {
            throw new PoetTimeoutException(
                $"{_functionId} was not started: {running} earlier attempts passed their {_timeoutMs} ms deadline and still run " +
                $"(PoetOptions.MaxAbandonedAttempts = {_limit}). Make the implementation honour its CancellationToken or return sooner; " +
                "calls start again as soon as one of those attempts ends.");
        }
    }

    private MethodInvokerEntry Invoker(IInvocation invocation)
    {
        var method = invocation.GetConcreteMethodInvocationTarget()!; // POET proxies always have a target
        var entry = _invoker;
        if (entry is null || entry.Method != method)
        {
            entry = new MethodInvokerEntry(method); // one per method; a generic method's other instantiations make their own
            _invoker = entry;
        }

        return entry;
    }

    private void Abandoned()
    {
        PoetTelemetry.AbandonedAttempts.Add(1, _functionTag);
        InterceptionLog.AttemptAbandoned(_logger, _functionId, _timeoutMs, Running, _limit);
    }

    private void Abandon(Task work)
    {
        AbandonStarted();
        Abandoned();
        work.ContinueWith(
            static (done, state) =>
            {
                _ = done.Exception; // observed: an abandoned attempt's failure has no one to go to
                Interlocked.Decrement(ref ((DeadlineRunner)state!)._running);
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>A method's compiled invoker (no reflection per call) and whether it has out or ref parameters.</summary>
    private sealed class MethodInvokerEntry(MethodInfo method)
    {
        public MethodInfo Method { get; } = method;

        public MethodInvoker Invoker { get; } = MethodInvoker.Create(method);

        public bool HasByRef { get; } = method.GetParameters().Any(p => p.ParameterType.IsByRef);
    }
}
