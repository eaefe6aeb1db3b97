using System.Diagnostics;
using Castle.DynamicProxy;

namespace Poet.Interception;

/// <summary>
/// The Castle interceptor of POET proxies (one per container): finds the compiled method, runs the call through its
/// return adapter, and leaves <see cref="PoetContext.LastExecutionId"/> set for the caller's flow, also for async
/// methods (it is set before the task is handed back, since changes made inside the task would not flow back).
/// </summary>
internal sealed class PoetInterceptor(PoetRuntime runtime) : IInterceptor
{
    /// <inheritdoc />
    public void Intercept(IInvocation invocation)
    {
        var method = runtime.GetMethod(invocation);
        if (method is null)
        {
            invocation.Proceed();
            return;
        }

        method.Replay?.Observe(invocation.InvocationTarget);
        var parentActivity = Activity.Current;
        var sync = method.Adapter is SyncReturnAdapter; // every attempt ends before the proxy returns: the call object is reused
        var call = sync ? PoetCall.RentSync(method, invocation) : new PoetCall(method, invocation);
        try
        {
            method.Adapter.Intercept(call);
        }
        finally
        {
            PoetContext.SetLast(call.Key);
            if (call.Activity is not null && Activity.Current == call.Activity)
            {
                Activity.Current = parentActivity; // an async call's activity lives on in its task, not in the caller's flow
            }

            if (sync)
            {
                call.ReturnSync();
            }
        }
    }
}
