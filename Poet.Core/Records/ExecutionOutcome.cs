namespace Poet;

/// <summary>How one POET execution ended.</summary>
public enum ExecutionOutcome
{
    /// <summary>The call returned a result that passed Enforce.</summary>
    Success,

    /// <summary>Perceive rejected the arguments (<see cref="PoetValidationException"/>); the target was never called.</summary>
    Rejected,

    /// <summary>The target threw on the last attempt; the caller got its exception.</summary>
    Failed,

    /// <summary>The last attempt timed out (<see cref="PoetTimeoutException"/>).</summary>
    TimedOut,

    /// <summary>The caller cancelled the call.</summary>
    Cancelled,

    /// <summary>The result broke its rules (<see cref="PoetEnforcementException"/>).</summary>
    EnforcementFailed,
}
