namespace Poet.Interception;

/// <summary>
/// What the recorder keeps of one finished call until its writer has written it: the record's fields, numbers and
/// booleans among the arguments and the result copied by value, and references to the other recorded values, in a slot
/// taken from the method's pool and given back by the writer (<see cref="IRecordedCall.Release"/>). The call object,
/// Castle's invocation, its argument array and the boxes of copied values are not kept, so a queue of waiting records
/// holds few references per call instead of every call's object graph, which would otherwise outlive young-generation
/// garbage collections and be copied by each of them.
/// </summary>
internal sealed class CallRecord : IRecordedCall
{
    private readonly MethodRecording _recording;
    private readonly object?[] _arguments;
    private readonly Scalar[] _scalars;
    private int _rented;
    private IReadOnlyDictionary<string, double> _learned = EmptyLearned;
    private UInt128 _key;
    private object? _result;
    private Scalar _resultScalar;

    private static readonly IReadOnlyDictionary<string, double> EmptyLearned = new Dictionary<string, double>();

    /// <summary>A free record of <paramref name="recording"/>'s method (made by its pool).</summary>
    /// <param name="recording">The method's recording.</param>
    public CallRecord(MethodRecording recording)
    {
        _recording = recording;
        _arguments = new object?[recording.RecordedCount];
        _scalars = new Scalar[recording.RecordedCount];
        FunctionId = string.Empty;
    }

    /// <inheritdoc />
    /// <remarks>Made from the id's number when asked (the writer does not ask): the record keeps no string that would outlive the call.</remarks>
    public ExecutionId Id => ExecutionId.FromKey(_key);

    /// <inheritdoc />
    public string FunctionId { get; private set; }

    /// <inheritdoc />
    public int Version { get; private set; }

    /// <inheritdoc />
    public DateTimeOffset StartedAt { get; private set; }

    /// <inheritdoc />
    public double DurationMs { get; private set; }

    /// <inheritdoc />
    public int Attempts { get; private set; }

    /// <inheritdoc />
    public ExecutionOutcome Outcome { get; private set; }

    /// <inheritdoc />
    public ExecutionError? Error { get; private set; }

    /// <inheritdoc />
    public long FinishedAt { get; private set; }

    /// <summary>Takes a record from the method's pool and fills it from a finished call.</summary>
    /// <param name="call">The finished call.</param>
    /// <param name="result">The result to record (null unless the call succeeded).</param>
    /// <returns>The record, to hand to the recorder, which releases it.</returns>
    public static CallRecord From(PoetCall call, object? result)
    {
        var record = call.Method.Recording.RentRecord();
        record._rented = 1;
        record._key = call.Key;
        record.FunctionId = call.Method.FunctionId;
        record.Version = call.Learned.Version;
        record.StartedAt = call.StartedAt;
        record.DurationMs = call.DurationMs;
        record.Attempts = call.Attempts;
        record.Outcome = call.Outcome;
        record.Error = call.Error;
        record.FinishedAt = call.FinishedAt;
        record._learned = call.Learned.Values;
        record._result = record._recording.CopyResult(result, out record._resultScalar);
        record._recording.CopyArguments(call.Invocation.Arguments, record._arguments, record._scalars);
        return record;
    }

    /// <inheritdoc />
    public bool TryGetKey(out UInt128 key)
    {
        key = _key;
        return true;
    }

    /// <inheritdoc />
    public void WriteArguments(LineWriter line) => _recording.WriteArguments(line, _arguments, _scalars);

    /// <inheritdoc />
    public void WriteLearned(LineWriter line) => line.Learned(_learned);

    /// <inheritdoc />
    public void WriteResult(LineWriter line) => _recording.WriteResult(line, _result, _resultScalar);

    /// <summary>The writer is done with the record: forget its values and give it back to the pool (once).</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _rented, 0) == 0)
        {
            return;
        }

        Array.Clear(_arguments);
        _result = null;
        _learned = EmptyLearned;
        Error = null;
        _recording.ReturnRecord(this);
    }
}
