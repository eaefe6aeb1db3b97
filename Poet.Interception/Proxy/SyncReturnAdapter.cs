using Polly.Timeout;

namespace Poet.Interception;

/// <summary>Runs synchronous methods (and <c>void</c> ones): every attempt happens before the proxy returns.</summary>
internal sealed class SyncReturnAdapter : ReturnAdapter
{
    /// <summary>The shared instance (the adapter has no state).</summary>
    public static readonly SyncReturnAdapter Instance = new();

    private SyncReturnAdapter()
    {
    }

    /// <inheritdoc />
    public override void Intercept(PoetCall call)
    {
        try
        {
            call.Method.Perceive(call.Invocation.Arguments);
        }
        catch (PoetValidationException ex)
        {
            call.Finish(ExecutionOutcome.Rejected, null, ex);
            throw;
        }

        object? result;
        try
        {
            result = call.RunSync();
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

        if (call.Method.HasResultChecks && call.Method.Enforce(result) is { } broken)
        {
            call.Finish(ExecutionOutcome.EnforcementFailed, result, broken);
            throw broken;
        }

        call.Finish(ExecutionOutcome.Success, result, null);
    }
}
