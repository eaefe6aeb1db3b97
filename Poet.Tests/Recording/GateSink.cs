using System.Collections.Concurrent;
using System.Text;

namespace Poet.Tests.Recording;

/// <summary>
/// An execution store for recorder tests: keeps every line it is given, and can hold the writer inside a write until
/// the test opens the gate (so the queue fills deterministically).
/// </summary>
internal sealed class GateSink : IExecutionBatchSink
{
    private readonly ManualResetEventSlim _gate;
    private readonly ConcurrentDictionary<ExecutionId, string> _lines = new();

    public GateSink(bool open = true) => _gate = new ManualResetEventSlim(open);

    /// <summary>Set when the writer is inside a write.</summary>
    public ManualResetEventSlim Entered { get; } = new(false);

    public IReadOnlyCollection<string> Lines => [.. _lines.Values];

    public int Writes;

    public int Ticks;

    public bool Closed;

    public void Open() => _gate.Set();

    /// <summary>Holds the next writes again (and clears <see cref="Entered"/>).</summary>
    public void Close()
    {
        _gate.Reset();
        Entered.Reset();
    }

    public ValueTask WriteAsync(ExecutionBatch batch, CancellationToken cancellationToken)
    {
        Entered.Set();
        _gate.Wait(cancellationToken);
        Interlocked.Increment(ref Writes);
        for (var i = 0; i < batch.Count; i++)
        {
            var execution = batch[i];
            _lines[execution.Id] = Encoding.UTF8.GetString(execution.Line.Span);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<ExecutionRecord?> FindAsync(ExecutionId id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_lines.ContainsKey(id) ? new ExecutionRecord { Id = id, FunctionId = "found", Version = 1, StartedAt = id.Timestamp } : null);

    public ValueTask TickAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Ticks);
        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync()
    {
        Closed = true;
        return ValueTask.CompletedTask;
    }
}
