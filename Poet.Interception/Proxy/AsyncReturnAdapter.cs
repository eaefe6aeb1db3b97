using System.Reflection;
using Polly;
using Polly.Timeout;

namespace Poet.Interception;

/// <summary>
/// Runs methods returning an awaitable of <typeparamref name="T"/>. Without an Operate pipeline the target is called
/// once, synchronously, and a call that completes synchronously finishes without any extra allocation; with a
/// pipeline each attempt re-invokes the target through <see cref="Castle.DynamicProxy.IInvocation.CaptureProceedInfo"/>,
/// never re-awaiting a faulted task.
/// </summary>
/// <typeparam name="T">The awaited result (<see cref="NoResult"/> for <c>Task</c> and <c>ValueTask</c>).</typeparam>
internal abstract class AsyncReturnAdapter<T> : ReturnAdapter
{
    private readonly Func<ResilienceContext, PoetCall, ValueTask<T>> _attempt;
    private readonly Func<object?, ValueTask<T>> _await;
    private RetryTarget? _retryInvoker;

    /// <summary>Creates the adapter.</summary>
    protected AsyncReturnAdapter()
    {
        _attempt = AttemptAsync;
        _await = Await;
    }

    /// <inheritdoc />
    public override void Intercept(PoetCall call)
    {
        var invocation = call.Invocation;
        try
        {
            call.Method.Perceive(invocation.Arguments);
        }
        catch (PoetValidationException ex)
        {
            call.Finish(ExecutionOutcome.Rejected, null, ex);
            invocation.ReturnValue = Faulted(ex);
            return;
        }

        if (call.Method.Pipeline is null)
        {
            ValueTask<T> pending;
            try
            {
                call.Attempts = 1;
                invocation.Proceed();
                pending = Await(invocation.ReturnValue);
            }
            catch (Exception ex)
            {
                // The target threw before returning its task: the caller sees that exactly as without POET.
                call.Finish(call.Classify(ex), null, ex);
                throw;
            }

            if (pending.IsCompletedSuccessfully)
            {
                var result = pending.Result;
                if (Enforce(call, result) is { } broken)
                {
                    invocation.ReturnValue = Faulted(broken);
                    return;
                }

                call.Finish(ExecutionOutcome.Success, Box(result), null);
                invocation.ReturnValue = Completed(invocation.ReturnValue, result);
                return;
            }

            invocation.ReturnValue = FromTask(CompleteAsync(call, pending));
            return;
        }

        call.ProceedInfo = invocation.CaptureProceedInfo();
        invocation.ReturnValue = FromTask(RunPipelineAsync(call));
    }

    /// <summary>Turns the target's return value into an awaitable (null: a completed default).</summary>
    /// <param name="returnValue">What the target returned.</param>
    /// <returns>The awaitable.</returns>
    protected abstract ValueTask<T> Await(object? returnValue);

    /// <summary>The return value for a call that completed synchronously with <paramref name="result"/>.</summary>
    /// <param name="original">What the target returned.</param>
    /// <param name="result">Its result.</param>
    /// <returns>The value the caller receives.</returns>
    protected abstract object? Completed(object? original, T result);

    /// <summary>The return value for a call that completes later.</summary>
    /// <param name="task">POET's task for the call.</param>
    /// <returns>The value the caller receives.</returns>
    protected abstract object FromTask(Task<T> task);

    /// <summary>The return value for a call that failed before running (validation) or whose result was rejected.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The value the caller receives.</returns>
    protected abstract object Faulted(Exception exception);

    /// <summary>The result as recorded and linked (null for <see cref="NoResult"/>).</summary>
    /// <param name="result">The result.</param>
    /// <returns>The boxed result.</returns>
    protected virtual object? Box(T result) => result;

    private PoetEnforcementException? Enforce(PoetCall call, T result)
    {
        if (!call.Method.HasResultChecks)
        {
            return null;
        }

        var broken = call.Method.Enforce(Box(result));
        if (broken is not null)
        {
            call.Finish(ExecutionOutcome.EnforcementFailed, null, broken);
        }

        return broken;
    }

    private async Task<T> CompleteAsync(PoetCall call, ValueTask<T> pending)
    {
        T result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            call.Finish(call.Classify(ex), null, ex);
            throw;
        }

        return Succeed(call, result);
    }

    private async Task<T> RunPipelineAsync(PoetCall call)
    {
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: false, call.CallerToken);
        T result;
        try
        {
            result = await call.Method.Pipeline!.ExecuteAsync(_attempt, context, call).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            var timeout = call.TimedOut(ex);
            call.Finish(ExecutionOutcome.TimedOut, null, timeout);
            throw timeout;
        }
        catch (Exception ex)
        {
            call.Finish(call.Classify(ex), null, ex);
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        return Succeed(call, result);
    }

    private T Succeed(PoetCall call, T result)
    {
        if (Enforce(call, result) is { } broken)
        {
            throw broken;
        }

        call.Finish(ExecutionOutcome.Success, Box(result), null);
        return result;
    }

    private ValueTask<T> AttemptAsync(ResilienceContext context, PoetCall call)
    {
        call.Attempts++;
        var token = context.CancellationToken;
        call.UseAttemptToken(token);
        if (call.Method.Deadline is { } deadline)
        {
            // The deadline holds in every shape: the attempt (also its synchronous start) runs off the caller's thread.
            return new ValueTask<T>(deadline.RunAsync(call.Invocation, _await, token));
        }

        if (call.Attempts == 1)
        {
            call.ProceedInfo!.Invoke(); // inside Intercept, before the caller's task is set
            return Await(call.Invocation.ReturnValue);
        }

        // A retry runs after Intercept set the caller's task as the invocation's return value, which the proxy may not
        // have read yet: it calls the target without touching the invocation (Proceed would overwrite that value).
        var invocation = call.Invocation;
        return Await(RetryInvoker(invocation).Invoke(invocation.InvocationTarget, invocation.Arguments.AsSpan()));
    }

    private MethodInvoker RetryInvoker(Castle.DynamicProxy.IInvocation invocation)
    {
        var method = invocation.GetConcreteMethodInvocationTarget()!; // POET proxies always have a target
        var entry = _retryInvoker;
        if (entry is null || entry.Method != method)
        {
            entry = new RetryTarget(method, MethodInvoker.Create(method)); // a generic method's other instantiations make their own
            _retryInvoker = entry;
        }

        return entry.Invoker;
    }

    /// <summary>A method and its compiled invoker, for retries.</summary>
    private sealed record RetryTarget(MethodInfo Method, MethodInvoker Invoker);
}

/// <summary>The "result" of <c>Task</c> and <c>ValueTask</c> methods.</summary>
internal readonly struct NoResult;
