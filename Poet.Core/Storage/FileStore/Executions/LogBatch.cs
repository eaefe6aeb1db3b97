using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Poet.Storage.FileStore;

/// <summary>
/// The writer's batch: records serialized as JSON lines into one pooled buffer (written with one write and one
/// flush), each line's id key and offset, the ids to drop from the pending map, and the tasks to complete.
/// Reused batch after batch by the single writer thread.
/// </summary>
internal sealed class LogBatch : IDisposable
{
    private const int KeepCapacity = 1 << 20;

    private readonly PooledBufferWriter _buffer = new(KeepCapacity);
    private readonly Utf8JsonWriter _json;
    private readonly SafeValueWriter _values;
    private readonly ILogger _logger;
    private readonly List<IndexEntry> _entries = new(1024);
    private readonly List<ExecutionId> _pendingIds = new(1024);
    private readonly List<TaskCompletionSource> _waiters = [];
    private bool _reportedBadId;

    /// <summary>Creates an empty batch.</summary>
    /// <param name="values">Writes arguments and results.</param>
    /// <param name="logger">Reports records that cannot be written.</param>
    public LogBatch(SafeValueWriter values, ILogger logger)
    {
        _values = values;
        _logger = logger;
        _json = new Utf8JsonWriter(_buffer, StoreJson.WriterOptions(indented: false));
    }

    /// <summary>Records in the batch.</summary>
    public int Count => _entries.Count;

    /// <summary>Bytes in the batch.</summary>
    public int Bytes => _buffer.WrittenCount;

    /// <summary>The serialized lines.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer.WrittenSpan;

    /// <summary>Each line's key and offset in <see cref="Buffer"/>.</summary>
    public ReadOnlySpan<IndexEntry> Entries => CollectionsMarshal.AsSpan(_entries);

    /// <summary>The ids that came through the pending map.</summary>
    public IReadOnlyList<ExecutionId> PendingIds => _pendingIds;

    /// <summary>Whether someone waits for this batch.</summary>
    public bool HasWaiters => _waiters.Count > 0;

    /// <summary>Whether a waiter needs the batch on disk (<see cref="IExecutionStore.AppendAsync"/>), not only written.</summary>
    public bool Durable { get; private set; }

    /// <summary>Serializes one record as a line. Never throws: a record that cannot be written is logged and skipped.</summary>
    /// <param name="record">The record.</param>
    /// <param name="pending">Whether the record is in the pending map.</param>
    public void Add(ExecutionRecord record, bool pending)
    {
        if (pending)
        {
            _pendingIds.Add(record.Id);
        }

        if (!ExecutionKey.TryFrom(record.Id, out var key))
        {
            if (!_reportedBadId)
            {
                _reportedBadId = true;
                _logger.LogWarning("POET execution log: skipping a record of {FunctionId} without a valid execution id", record.FunctionId);
            }

            return;
        }

        var start = _buffer.WrittenCount;
        if (!TryWrite(record, start, safeValues: true) && !TryWrite(record, start, safeValues: false))
        {
            return;
        }

        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        _entries.Add(new IndexEntry(key, start));
    }

    /// <summary>Adds a task to complete when the batch is written.</summary>
    /// <param name="done">The task.</param>
    /// <param name="durable">Whether the batch must be flushed to disk before the task completes.</param>
    public void AddWaiter(TaskCompletionSource done, bool durable)
    {
        _waiters.Add(done);
        Durable |= durable;
    }

    /// <summary>Completes the waiters.</summary>
    /// <param name="error">The write failure, or null.</param>
    public void Complete(Exception? error)
    {
        foreach (var waiter in _waiters)
        {
            if (error is null)
            {
                waiter.TrySetResult();
            }
            else
            {
                waiter.TrySetException(error);
            }
        }
    }

    /// <summary>Empties the batch for reuse.</summary>
    public void Clear()
    {
        _buffer.Clear(KeepCapacity * 4);
        _entries.Clear();
        _pendingIds.Clear();
        _waiters.Clear();
        Durable = false;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        _json.Dispose();
        _buffer.Dispose();
    }

    private bool TryWrite(ExecutionRecord record, int start, bool safeValues)
    {
        try
        {
            _json.Reset(_buffer);
            ExecutionLine.Write(_json, record, _values, safeValues);
            _json.Flush();
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
}
