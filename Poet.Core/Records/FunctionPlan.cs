namespace Poet;

/// <summary>
/// The resolved enhancement plan of a POET function (<c>enhanced.json</c>): what Perceive checks, how Operate
/// runs the call, what Enforce checks, and which parameters are learned.
/// </summary>
public sealed record FunctionPlan
{
    /// <summary>The function id.</summary>
    public required string FunctionId { get; init; }

    /// <summary>The interface's readable name.</summary>
    public string InterfaceName { get; init; } = string.Empty;

    /// <summary>The method's name.</summary>
    public string MethodName { get; init; } = string.Empty;

    /// <summary>The method's signature as C# text, for people and for an LLM.</summary>
    public string Signature { get; init; } = string.Empty;

    /// <summary>The domain template's name (<c>generic</c> when none was given).</summary>
    public string Domain { get; init; } = "generic";

    /// <summary>What learning optimizes for.</summary>
    public string? OptimizeFor { get; init; }

    /// <summary>Whether feedback may train this function.</summary>
    public bool EnableTraining { get; init; } = true;

    /// <summary>Descriptions of the argument rules Perceive applies.</summary>
    public IReadOnlyList<string> PerceiveRules { get; init; } = [];

    /// <summary>How Operate runs the call.</summary>
    public OperatePolicy Operate { get; init; } = new();

    /// <summary>Descriptions of the result rules Enforce applies.</summary>
    public IReadOnlyList<string> EnforceRules { get; init; } = [];

    /// <summary>The learnable parameters with their bounds and defaults.</summary>
    public IReadOnlyList<LearnableParameterSpec> Learnable { get; init; } = [];
}

/// <summary>How Operate runs a call.</summary>
public sealed record OperatePolicy
{
    /// <summary>Retries after the first attempt.</summary>
    public int Retries { get; init; }

    /// <summary>Timeout per attempt in milliseconds (0 = none).</summary>
    public int TimeoutMs { get; init; }

    /// <summary>Whether the timeout is cooperative (<see cref="PoetAttribute.CooperativeTimeout"/>): attempts run on the caller's thread.</summary>
    public bool CooperativeTimeout { get; init; }

    /// <summary>The first retry delay in milliseconds; later delays grow exponentially, with jitter.</summary>
    public int BaseDelayMs { get; init; } = 50;
}
