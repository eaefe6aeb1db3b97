using Poet.Storage.FileStore;

namespace Poet;

/// <summary>
/// What the recorder's writer serializes for one execution: the fields of the record and writers for its JSON parts.
/// Implemented over an <see cref="ExecutionRecord"/> (<see cref="RecordParts"/>) and by the interceptor's pooled call
/// slots, which write their arguments and result with writers compiled per method.
/// </summary>
internal interface IExecutionParts
{
    /// <summary>The execution id.</summary>
    ExecutionId Id { get; }

    /// <summary>The execution id as a number (what the writer writes and indexes, without reading <see cref="Id"/>'s text).</summary>
    /// <param name="key">The id as a 128-bit number.</param>
    /// <returns><see langword="false"/> when the id is not a valid execution id.</returns>
    bool TryGetKey(out UInt128 key);

    /// <summary>The function id.</summary>
    string FunctionId { get; }

    /// <summary>The function version.</summary>
    int Version { get; }

    /// <summary>When the call started.</summary>
    DateTimeOffset StartedAt { get; }

    /// <summary>Duration in milliseconds.</summary>
    double DurationMs { get; }

    /// <summary>Attempts made.</summary>
    int Attempts { get; }

    /// <summary>How the call ended.</summary>
    ExecutionOutcome Outcome { get; }

    /// <summary>The error, if any.</summary>
    ExecutionError? Error { get; }

    /// <summary>Writes the arguments' properties (the caller writes the enclosing object).</summary>
    /// <param name="line">The line, inside the arguments object.</param>
    void WriteArguments(LineWriter line);

    /// <summary>Writes the learned parameters' properties (the caller writes the enclosing object).</summary>
    /// <param name="line">The line, inside the learned parameters object.</param>
    void WriteLearned(LineWriter line);

    /// <summary>Writes the result as one value.</summary>
    /// <param name="line">The line, where a value is expected.</param>
    void WriteResult(LineWriter line);
}

/// <summary>The parts of an <see cref="ExecutionRecord"/> handed over whole (stores, tests, the POET service).</summary>
/// <param name="Record">The record.</param>
internal readonly record struct RecordParts(ExecutionRecord Record) : IExecutionParts
{
    /// <inheritdoc />
    public ExecutionId Id => Record.Id;

    /// <inheritdoc />
    public bool TryGetKey(out UInt128 key) => ExecutionKey.TryFrom(Record.Id, out key);

    /// <inheritdoc />
    public string FunctionId => Record.FunctionId;

    /// <inheritdoc />
    public int Version => Record.Version;

    /// <inheritdoc />
    public DateTimeOffset StartedAt => Record.StartedAt;

    /// <inheritdoc />
    public double DurationMs => Record.DurationMs;

    /// <inheritdoc />
    public int Attempts => Record.Attempts;

    /// <inheritdoc />
    public ExecutionOutcome Outcome => Record.Outcome;

    /// <inheritdoc />
    public ExecutionError? Error => Record.Error;

    /// <inheritdoc />
    public void WriteArguments(LineWriter line)
    {
        if (Record.Arguments is Dictionary<string, object?> arguments)
        {
            foreach (var (name, value) in arguments)
            {
                line.PropertyName(name);
                line.Value(value);
            }

            return;
        }

        foreach (var (name, value) in Record.Arguments)
        {
            line.PropertyName(name);
            line.Value(value);
        }
    }

    /// <inheritdoc />
    public void WriteLearned(LineWriter line) => line.Learned(Record.LearnedParameters);

    /// <inheritdoc />
    public void WriteResult(LineWriter line) => line.Value(Record.Result);
}
