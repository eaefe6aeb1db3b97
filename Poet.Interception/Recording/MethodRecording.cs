using System.Text.Json;
using Microsoft.Extensions.ObjectPool;
using Poet.Storage.FileStore;

namespace Poet.Interception;

/// <summary>
/// What one method's records need, compiled once when the method is: the recorded parameters (positions, encoded
/// names, sensitivity) with a value writer chosen per parameter type, and a writer for the result type. The
/// recorder's writer thread uses it to serialize a call straight from the invocation's arguments.
/// </summary>
internal sealed class MethodRecording
{
    private static readonly JsonEncodedText Redacted = JsonEncodedText.Encode(SensitiveAttribute.RedactedMarker);

    private readonly int[] _positions;
    private readonly JsonEncodedText[] _names;
    private readonly string[] _plainNames;
    private readonly bool[] _sensitive;
    private readonly ValueWriter[] _writers;
    private readonly ValueWriter _result;
    private readonly ObjectPool<CallRecord> _records;

    /// <summary>Compiles the recording of a method.</summary>
    /// <param name="recorded">The recorded parameters (cancellation tokens are left out).</param>
    /// <param name="resultType">The result type as recorded (the <c>T</c> of <c>Task&lt;T&gt;</c>), or null for none.</param>
    /// <param name="options">The recorded value limits.</param>
    /// <param name="replayable">Whether the method is <see cref="PoetAttribute.Replayable"/>: its arrays of numbers are then recorded whole (a replay needs them), not summarized beyond <see cref="PoetOptions.MaxRecordedCollectionItems"/>.</param>
    public MethodRecording((int Position, string Name, bool Sensitive, Type Type)[] recorded, Type? resultType, PoetOptions options, bool replayable = false)
    {
        var maxItems = Math.Max(0, options.MaxRecordedCollectionItems);
        var argumentItems = replayable ? int.MaxValue : maxItems;
        _positions = [.. recorded.Select(r => r.Position)];
        _plainNames = [.. recorded.Select(r => r.Name)];
        _names = [.. recorded.Select(r => JsonEncodedText.Encode(r.Name))];
        _sensitive = [.. recorded.Select(r => r.Sensitive)];
        _writers = [.. recorded.Select(r => ValueWriters.For(r.Type, argumentItems))];
        _result = ValueWriters.For(resultType ?? typeof(object), maxItems);
        LinksResults = resultType is not null && !resultType.IsValueType && resultType != typeof(string);
        _records = new DefaultObjectPool<CallRecord>(new RecordPolicy(this), KeptRecords);
    }

    /// <summary>
    /// Free records each method keeps for reuse: the most the recorder holds in <see cref="RecordingOverflowMode.Block"/>
    /// (two writer batches); beyond that (a long queue in <see cref="RecordingOverflowMode.Drop"/>) records are new objects.
    /// </summary>
    public const int KeptRecords = ExecutionRecorder.BlockCapacity;

    /// <summary>How many arguments a record holds (cancellation tokens are not recorded).</summary>
    public int RecordedCount => _positions.Length;

    /// <summary>Whether the method's results can be linked for feedback by object (reference types other than string).</summary>
    public bool LinksResults { get; }

    /// <summary>The arguments as an <see cref="ExecutionRecord"/> holds them (for recorders that take whole records).</summary>
    /// <param name="arguments">The call's arguments.</param>
    /// <returns>The recorded arguments, sensitive ones redacted.</returns>
    public ArgumentMap ToMap(object?[] arguments)
    {
        var values = new object?[_positions.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _sensitive[i] ? SensitiveAttribute.RedactedMarker : arguments[_positions[i]];
        }

        return new ArgumentMap(_plainNames, values);
    }

    /// <summary>Copies the recorded arguments out of an invocation's arguments (a sensitive one is not kept).</summary>
    /// <param name="arguments">The invocation's arguments.</param>
    /// <param name="recorded">At least <see cref="RecordedCount"/> slots, in recorded order.</param>
    public void CopyArguments(object?[] arguments, object?[] recorded)
    {
        for (var i = 0; i < _positions.Length; i++)
        {
            recorded[i] = _sensitive[i] ? null : arguments[_positions[i]];
        }
    }

    /// <summary>Writes the arguments' properties.</summary>
    /// <param name="writer">The JSON writer, inside the arguments object.</param>
    /// <param name="recorded">The recorded arguments (<see cref="CopyArguments"/>).</param>
    /// <param name="values">The defensive writer for values without a compiled writer.</param>
    public void WriteArguments(Utf8JsonWriter writer, object?[] recorded, SafeValueWriter values)
    {
        for (var i = 0; i < _positions.Length; i++)
        {
            writer.WritePropertyName(_names[i]);
            if (_sensitive[i])
            {
                writer.WriteStringValue(Redacted);
            }
            else
            {
                _writers[i](writer, recorded[i], values);
            }
        }
    }

    /// <summary>Writes the result.</summary>
    /// <param name="writer">The JSON writer, where a value is expected.</param>
    /// <param name="result">The result, or null.</param>
    /// <param name="values">The defensive writer.</param>
    public void WriteResult(Utf8JsonWriter writer, object? result, SafeValueWriter values) => _result(writer, result, values);

    /// <summary>A free record for one of this method's calls.</summary>
    /// <returns>The record.</returns>
    public CallRecord RentRecord() => _records.Get();

    /// <summary>Takes back a record the writer has released.</summary>
    /// <param name="record">The record.</param>
    public void ReturnRecord(CallRecord record) => _records.Return(record);

    private sealed class RecordPolicy(MethodRecording recording) : IPooledObjectPolicy<CallRecord>
    {
        public CallRecord Create() => new(recording);

        public bool Return(CallRecord obj) => true;
    }
}
