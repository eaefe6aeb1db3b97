namespace Poet;

/// <summary>
/// One execution of a POET function, as recorded in the execution log (<c>.poet/executions/</c>).
/// </summary>
/// <remarks>
/// Argument and result values are kept as the objects the call saw while the record is in memory, and as JSON
/// elements once read back from the log. <see cref="SensitiveAttribute"/> values are already redacted here.
/// </remarks>
public sealed record ExecutionRecord
{
    /// <summary>The execution's id.</summary>
    public required ExecutionId Id { get; init; }

    /// <summary>The function id, for example <c>IDriftDetector.Detect</c>.</summary>
    public required string FunctionId { get; init; }

    /// <summary>The function version whose learned parameters the call ran with.</summary>
    public required int Version { get; init; }

    /// <summary>When the call started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall-clock duration of the whole call, all attempts included, in milliseconds.</summary>
    public double DurationMs { get; init; }

    /// <summary>Attempts made (1 when the first attempt settled the call).</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>How the call ended.</summary>
    public ExecutionOutcome Outcome { get; init; }

    /// <summary>Arguments by parameter name (sensitive ones redacted).</summary>
    public IReadOnlyDictionary<string, object?> Arguments { get; init; } = EmptyArguments;

    /// <summary>The learned parameter values the call received, by parameter name.</summary>
    public IReadOnlyDictionary<string, double> LearnedParameters { get; init; } = EmptyParameters;

    /// <summary>The result (null for void methods and failures).</summary>
    public object? Result { get; init; }

    /// <summary>The error type and message when the call did not succeed.</summary>
    public ExecutionError? Error { get; init; }

    private static readonly IReadOnlyDictionary<string, object?> EmptyArguments = new Dictionary<string, object?>();
    private static readonly IReadOnlyDictionary<string, double> EmptyParameters = new Dictionary<string, double>();
}

/// <summary>The error that ended an execution.</summary>
/// <param name="Type">The exception's full type name.</param>
/// <param name="Message">The exception's message.</param>
public sealed record ExecutionError(string Type, string Message);
