using System.Text.Json;
using Poet.Storage.FileStore;

namespace Poet;

/// <summary>
/// A call's record as the interceptor hands it over: a pooled slot holding the least the call can give (ids, timings,
/// the argument and result references) that the recorder's writer serializes with writers compiled per method and then
/// releases back to its pool. Nothing is serialized, copied into dictionaries or boxed on the caller's thread.
/// </summary>
internal abstract class RecordedCall : IExecutionParts
{
    /// <inheritdoc />
    public ExecutionId Id { get; set; }

    /// <inheritdoc />
    public abstract string FunctionId { get; }

    /// <inheritdoc />
    public int Version { get; set; }

    /// <inheritdoc />
    public DateTimeOffset StartedAt { get; set; }

    /// <inheritdoc />
    public double DurationMs { get; set; }

    /// <inheritdoc />
    public int Attempts { get; set; }

    /// <inheritdoc />
    public ExecutionOutcome Outcome { get; set; }

    /// <inheritdoc />
    public ExecutionError? Error { get; set; }

    /// <inheritdoc />
    public abstract void WriteArguments(Utf8JsonWriter writer, SafeValueWriter values);

    /// <inheritdoc />
    public abstract void WriteLearned(Utf8JsonWriter writer);

    /// <inheritdoc />
    public abstract void WriteResult(Utf8JsonWriter writer, SafeValueWriter values);

    /// <summary>Forgets the call's references and returns the slot to its pool (the writer calls it once written).</summary>
    public abstract void Release();
}
