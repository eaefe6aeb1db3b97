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
    public int TimeoutMs { get; set; }

    /// <summary>Whether feedback may train this function's learnable parameters. Default <see langword="true"/>.</summary>
    public bool EnableTraining { get; set; } = true;

    /// <summary>Overrides the function id (default <c>{InterfaceName}.{MethodName}</c>).</summary>
    public string? Name { get; set; }
}
