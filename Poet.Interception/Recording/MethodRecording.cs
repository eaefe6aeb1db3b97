using Microsoft.Extensions.ObjectPool;

namespace Poet.Interception;

/// <summary>
/// What one method's records need, compiled once when the method is: the recorded parameters (positions, encoded
/// names, sensitivity) with, per parameter type, either a <see cref="ScalarKind"/> (numbers and booleans, copied out of
/// their boxes into the record at the call) or a value writer, and the same for the result type. The recorder's writer
/// thread uses it to write a record straight into the line.
/// </summary>
internal sealed class MethodRecording
{
    private readonly int[] _positions;
    private readonly byte[][] _names;
    private readonly string[] _plainNames;
    private readonly bool[] _sensitive;
    private readonly ScalarKind[] _kinds;
    private readonly ValueWriter[] _writers;
    private readonly ScalarKind _resultKind;
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
        _names = [.. recorded.Select(r => LineWriter.EncodeName(r.Name))];
        _sensitive = [.. recorded.Select(r => r.Sensitive)];
        _kinds = [.. recorded.Select(r => r.Sensitive ? ScalarKind.None : Scalar.KindOf(r.Type))];
        _writers = [.. recorded.Select(r => ValueWriters.For(r.Type, argumentItems))];
        _resultKind = Scalar.KindOf(resultType);
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

    /// <summary>
    /// Copies the recorded arguments out of an invocation's arguments: numbers and booleans by value, others by reference
    /// (a sensitive one is not kept).
    /// </summary>
    /// <param name="arguments">The invocation's arguments.</param>
    /// <param name="recorded">At least <see cref="RecordedCount"/> slots, in recorded order: the values kept by reference.</param>
    /// <param name="scalars">At least <see cref="RecordedCount"/> slots: the values copied.</param>
    public void CopyArguments(object?[] arguments, object?[] recorded, Scalar[] scalars)
    {
        for (var i = 0; i < _positions.Length; i++)
        {
            var value = _sensitive[i] ? null : arguments[_positions[i]];
            if (Scalar.TryCopy(_kinds[i], value, out scalars[i]))
            {
                value = null;
            }

            recorded[i] = value;
        }
    }

    /// <summary>Copies the result by value when it is a number or a boolean.</summary>
    /// <param name="result">The result.</param>
    /// <param name="scalar">The copy, or the empty scalar.</param>
    /// <returns>The result to keep by reference (null when copied).</returns>
    public object? CopyResult(object? result, out Scalar scalar) => Scalar.TryCopy(_resultKind, result, out scalar) ? null : result;

    /// <summary>Writes the arguments' properties.</summary>
    /// <param name="line">The line, inside the arguments object.</param>
    /// <param name="recorded">The arguments kept by reference (<see cref="CopyArguments"/>).</param>
    /// <param name="scalars">The arguments copied.</param>
    public void WriteArguments(LineWriter line, object?[] recorded, Scalar[] scalars)
    {
        for (var i = 0; i < _positions.Length; i++)
        {
            line.PropertyName(_names[i]);
            if (_sensitive[i])
            {
                line.String(SensitiveAttribute.RedactedMarker);
            }
            else if (scalars[i].Kind != ScalarKind.None)
            {
                scalars[i].Write(line);
            }
            else
            {
                _writers[i](line, recorded[i]);
            }
        }
    }

    /// <summary>Writes the result.</summary>
    /// <param name="line">The line, where a value is expected.</param>
    /// <param name="result">The result kept by reference (<see cref="CopyResult"/>).</param>
    /// <param name="scalar">The result copied.</param>
    public void WriteResult(LineWriter line, object? result, in Scalar scalar)
    {
        if (scalar.Kind != ScalarKind.None)
        {
            scalar.Write(line);
        }
        else
        {
            _result(line, result);
        }
    }

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
