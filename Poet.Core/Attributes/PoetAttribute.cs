namespace Poet;

/// <summary>
/// Marks an interface method (or a whole interface) as a POET function: calls get input checks (Perceive),
/// retries and timeouts (Operate), output checks (Enforce), recording and learning (Train).
/// </summary>
/// <remarks>Methods without this attribute, on the method or on its interface, pass straight through the proxy.</remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Interface, AllowMultiple = false, Inherited = true)]
public sealed class PoetAttribute : Attribute
{
    /// <summary>The domain template to use (for example <c>"ml_monitoring"</c>); <see langword="null"/> uses the generic template.</summary>
    public string? Domain { get; set; }

    /// <summary>What learning optimizes for, for example <c>"accuracy"</c>, <c>"latency"</c> or <c>"reliability"</c>.</summary>
    public string? OptimizeFor { get; set; }

    /// <summary>Retries after the first attempt (0 = no retry).</summary>
    public int Retries { get; set; }

    /// <summary>Timeout per attempt in milliseconds; 0 means no timeout.</summary>
    /// <remarks>
    /// By default the deadline holds whatever the method does: each attempt runs off the caller's thread and the caller
    /// gets <see cref="PoetTimeoutException"/> at the deadline even from a method that never looks at a token (the
    /// attempt is then abandoned). That hand-off between threads costs every call; see <see cref="CooperativeTimeout"/>.
    /// </remarks>
    public int TimeoutMs { get; set; }

    /// <summary>
    /// Whether the method observes its <see cref="CancellationToken"/> parameter, so that <see cref="TimeoutMs"/> can be
    /// cooperative (Polly's timeout): attempts run on the caller's thread with no hand-off to another thread, the token is
    /// cancelled at the deadline, and an attempt that stops with <see cref="OperationCanceledException"/> then ends as a
    /// <see cref="PoetTimeoutException"/>. A method that ignores the token returns late, with its result. Default
    /// <see langword="false"/>. Needs <see cref="TimeoutMs"/> above 0 and a <see cref="CancellationToken"/> parameter
    /// (the service fails to resolve otherwise, saying which is missing).
    /// </summary>
    public bool CooperativeTimeout { get; set; }

    /// <summary>Whether feedback may train this function's learnable parameters. Default <see langword="true"/>.</summary>
    public bool EnableTraining { get; set; } = true;

    /// <summary>
    /// Whether the method is a pure function of its arguments and learned values (no side effects, same inputs give the
    /// same result), so learning may re-run it on recorded arguments with candidate values to check which values agree
    /// with all the feedback given so far. Default <see langword="false"/>. Only synchronous methods are replayed, and
    /// only arguments that were recorded (not <see cref="SensitiveAttribute"/>-redacted) can be replayed.
    /// </summary>
    public bool Replayable { get; set; }

    /// <summary>Overrides the function id (default <c>{InterfaceName}.{MethodName}</c>).</summary>
    public string? Name { get; set; }
}
