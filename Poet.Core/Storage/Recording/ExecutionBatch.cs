using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Poet.Storage.FileStore;

namespace Poet;

/// <summary>
/// A batch of executions handed to a store (<see cref="IExecutionBatchSink.WriteAsync"/>): every record serialized
/// once, as JSON lines in one buffer (<see cref="Lines"/>, ready to append to a file) and as fields with JSON parts
/// (<see cref="this[int]"/>, ready for columns). The recorder reuses one batch (and its pooled buffer) batch after batch.
/// </summary>
public sealed class ExecutionBatch : IDisposable
{
    private const int KeepCapacity = 1 << 20;

    private static readonly byte[] ErrorType = LineWriter.EncodeName(ExecutionLine.ErrorTypeName.Value);
    private static readonly byte[] ErrorMessage = LineWriter.EncodeName(ExecutionLine.ErrorMessageName.Value);

    private readonly PooledBufferWriter _buffer = new(KeepCapacity);
    private readonly Utf8JsonWriter _json;
    private readonly LineWriter _line;
    private readonly ILogger _logger;
    private readonly List<Entry> _entries = new(1024);
    private readonly LineHead _head = new();
    private bool _reportedBadId;

    internal ExecutionBatch(SafeValueWriter values, ILogger logger)
    {
        _logger = logger;
        _json = new Utf8JsonWriter(_buffer, StoreJson.WriterOptions(indented: false));
        _line = new LineWriter(_buffer, _json, values, values.Limits);
    }

    /// <summary>Executions in the batch.</summary>
    public int Count => _entries.Count;

    /// <summary>Whether the store must put the batch on stable storage before its write completes (a caller waits for it).</summary>
    public bool Durable { get; internal set; }

    /// <summary>The batch as JSON lines (UTF-8, one record per line, each ending with a newline), in order.</summary>
    public ReadOnlyMemory<byte> Lines => _buffer.WrittenMemory;

    /// <summary>One execution of the batch.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The execution.</returns>
    public BatchedExecution this[int index] => new(_entries[index], _buffer.WrittenMemory);

    /// <summary>Bytes in the batch.</summary>
    internal int Bytes => _buffer.WrittenCount;

    /// <summary>The id keys of the batch's records, in order (the file store's index).</summary>
    internal ReadOnlySpan<Entry> Entries => CollectionsMarshal.AsSpan(_entries);

    /// <summary>Serializes one record as a line. Never throws: a record that cannot be written is logged and skipped.</summary>
    /// <typeparam name="T">The kind of record.</typeparam>
    /// <param name="record">The record.</param>
    /// <returns><see langword="false"/> when the record was skipped.</returns>
    internal bool Add<T>(T record)
        where T : IExecutionParts
    {
        if (!record.TryGetKey(out var key))
        {
            if (!_reportedBadId)
            {
                _reportedBadId = true;
                _logger.LogWarning("POET execution log: skipping a record of {FunctionId} without a valid execution id", record.FunctionId);
            }

            return false;
        }

        var start = _buffer.WrittenCount;
        var entry = new Entry { Key = key, LineStart = start };
        if (!TryWrite(record, ref entry, safeValues: true) && !TryWrite(record, ref entry, safeValues: false))
        {
            return false;
        }

        entry.LineLength = _buffer.WrittenCount - start;
        entry.Describe(record);
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        _entries.Add(entry);
        return true;
    }

    /// <summary>
    /// Adds a checked line received from a remote client: copied byte for byte when it is already in the log's own form
    /// (<see cref="RawExecutionLine.IsVerbatim"/>), else written afresh like any record. Never throws.
    /// </summary>
    /// <param name="line">The line.</param>
    /// <returns><see langword="false"/> when the line was skipped.</returns>
    internal bool Add(RawExecutionLine line)
    {
        if (!line.IsVerbatim)
        {
            return Add<RawExecutionLine>(line);
        }

        var bytes = line.Line.Span;
        var start = _buffer.WrittenCount;
        var destination = _buffer.GetSpan(bytes.Length + 1);
        bytes.CopyTo(destination);
        destination[bytes.Length] = (byte)'\n';
        _buffer.Advance(bytes.Length + 1);

        var (argumentsStart, argumentsLength) = line.Arguments.GetOffsetAndLength(bytes.Length);
        var (learnedStart, learnedLength) = line.Learned.GetOffsetAndLength(bytes.Length);
        var (resultStart, resultLength) = line.Result.GetOffsetAndLength(bytes.Length);
        var entry = new Entry
        {
            Key = line.Key,
            LineStart = start,
            LineLength = bytes.Length,
            ArgumentsStart = start + argumentsStart,
            ArgumentsLength = argumentsLength,
            LearnedStart = start + learnedStart,
            LearnedLength = learnedLength,
            ResultStart = start + resultStart,
            ResultLength = resultLength,
        };
        entry.Describe(line);
        _entries.Add(entry);
        return true;
    }

    /// <summary>Empties the batch for reuse.</summary>
    internal void Clear()
    {
        _buffer.Clear(KeepCapacity * 4);
        _entries.Clear();
        Durable = false;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        _json.Dispose();
        _buffer.Dispose();
    }

    /// <summary>
    /// Writes one line: the fixed head by hand (<see cref="LineHead"/>), then the arguments, learned values, result and
    /// error through the <see cref="LineWriter"/> (by hand where it can, through the JSON writer where it cannot), then
    /// the closing brace.
    /// </summary>
    private bool TryWrite<T>(T record, ref Entry entry, bool safeValues)
        where T : IExecutionParts
    {
        var start = entry.LineStart;
        try
        {
            var functionId = _head.FunctionId(record.FunctionId);
            var head = _buffer.GetSpan(LineHead.MaxFixedLength + functionId.Length);
            _buffer.Advance(_head.Write(record, entry.Key, functionId, head));

            entry.ArgumentsStart = _buffer.WrittenCount;
            _line.StartObject();
            if (safeValues)
            {
                record.WriteArguments(_line);
            }
            else
            {
                _line.PropertyName(SafeValueWriter.MarkerProperty);
                _line.String("error: the arguments could not be recorded");
            }

            _line.EndObject();
            entry.ArgumentsLength = _buffer.WrittenCount - entry.ArgumentsStart;

            _line.Raw(",\"learnedParameters\":"u8);
            entry.LearnedStart = _buffer.WrittenCount;
            _line.StartObject();
            record.WriteLearned(_line);
            _line.EndObject();
            entry.LearnedLength = _buffer.WrittenCount - entry.LearnedStart;

            _line.Raw(",\"result\":"u8);
            entry.ResultStart = _buffer.WrittenCount;
            if (safeValues)
            {
                record.WriteResult(_line);
            }
            else
            {
                _line.StartObject();
                _line.PropertyName(SafeValueWriter.MarkerProperty);
                _line.String("error: the result could not be recorded");
                _line.EndObject();
            }

            entry.ResultLength = _buffer.WrittenCount - entry.ResultStart;
            if (entry.ResultLength == 0)
            {
                throw new InvalidOperationException("The result was not written.");
            }

            if (record.Error is { } error)
            {
                _line.Raw(",\"error\":"u8);
                _line.StartObject();
                _line.PropertyName(ErrorType);
                _line.String(error.Type);
                _line.PropertyName(ErrorMessage);
                _line.String(error.Message);
                _line.EndObject();
                _line.Raw("}"u8);
            }
            else
            {
                _line.Raw(",\"error\":null}"u8);
            }

            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _json.Reset(_buffer);
            _buffer.Truncate(start);
            _logger.LogWarning(ex, "POET execution log: {What} of execution {Id} ({FunctionId}) could not be written",
                safeValues ? "the arguments or result" : "the record", record.Id, record.FunctionId);
            return false;
        }
    }

    /// <summary>One serialized record: its fields and where its parts are in the buffer.</summary>
    internal struct Entry
    {
        public UInt128 Key;
        public string FunctionId;
        public int Version;
        public DateTimeOffset StartedAt;
        public double DurationMs;
        public int Attempts;
        public ExecutionOutcome Outcome;
        public ExecutionError? Error;
        public int LineStart;
        public int LineLength;
        public int ArgumentsStart;
        public int ArgumentsLength;
        public int LearnedStart;
        public int LearnedLength;
        public int ResultStart;
        public int ResultLength;

        /// <summary>Copies what the log's index and lookups read of an execution (all but its id and where its parts lie).</summary>
        /// <typeparam name="T">The kind of record.</typeparam>
        /// <param name="parts">The record.</param>
        public void Describe<T>(T parts)
            where T : IExecutionParts
        {
            FunctionId = parts.FunctionId;
            Version = parts.Version;
            StartedAt = parts.StartedAt;
            DurationMs = parts.DurationMs;
            Attempts = parts.Attempts;
            Outcome = parts.Outcome;
            Error = parts.Error;
        }
    }
}
