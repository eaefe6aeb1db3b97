namespace Poet;

/// <summary>
/// One execution of an <see cref="ExecutionBatch"/>: its fields, and its JSON (the whole line and the parts a store may
/// keep as JSON columns). The memory is the batch's and is valid only while the store's
/// <see cref="IExecutionBatchSink.WriteAsync"/> runs.
/// </summary>
public readonly struct BatchedExecution
{
    internal BatchedExecution(in ExecutionBatch.Entry entry, ReadOnlyMemory<byte> lines)
    {
        Id = ExecutionId.FromKey(entry.Key);
        FunctionId = entry.FunctionId;
        Version = entry.Version;
        StartedAt = entry.StartedAt;
        DurationMs = entry.DurationMs;
        Attempts = entry.Attempts;
        Outcome = entry.Outcome;
        Error = entry.Error;
        Line = lines.Slice(entry.LineStart, entry.LineLength);
        Arguments = lines.Slice(entry.ArgumentsStart, entry.ArgumentsLength);
        LearnedParameters = lines.Slice(entry.LearnedStart, entry.LearnedLength);
        Result = lines.Slice(entry.ResultStart, entry.ResultLength);
        LineOffset = entry.LineStart;
    }

    /// <summary>The execution's id.</summary>
    public ExecutionId Id { get; }

    /// <summary>The function id.</summary>
    public string FunctionId { get; }

    /// <summary>The function version the call ran with.</summary>
    public int Version { get; }

    /// <summary>When the call started (UTC).</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Duration of the whole call in milliseconds.</summary>
    public double DurationMs { get; }

    /// <summary>Attempts made.</summary>
    public int Attempts { get; }

    /// <summary>How the call ended.</summary>
    public ExecutionOutcome Outcome { get; }

    /// <summary>The error, when the call did not succeed.</summary>
    public ExecutionError? Error { get; }

    /// <summary>The whole record as one JSON object (UTF-8, without the newline), as in <see cref="ExecutionBatch.Lines"/>.</summary>
    public ReadOnlyMemory<byte> Line { get; }

    /// <summary>Where <see cref="Line"/> starts in <see cref="ExecutionBatch.Lines"/>.</summary>
    public int LineOffset { get; }

    /// <summary>The arguments as one JSON object (UTF-8), sensitive values redacted.</summary>
    public ReadOnlyMemory<byte> Arguments { get; }

    /// <summary>The learned parameter values as one JSON object (UTF-8).</summary>
    public ReadOnlyMemory<byte> LearnedParameters { get; }

    /// <summary>The result as one JSON value (UTF-8; <c>null</c> for void methods and failures).</summary>
    public ReadOnlyMemory<byte> Result { get; }
}
