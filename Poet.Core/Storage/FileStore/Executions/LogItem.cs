namespace Poet.Storage.FileStore;

/// <summary>What the execution log's writer does with one queued item.</summary>
internal enum LogItemKind
{
    /// <summary>Write one record handed over by <see cref="IExecutionRecorder.TryRecord"/>.</summary>
    Record,

    /// <summary>Write a batch durably and complete its task (<see cref="IExecutionStore.AppendAsync"/>).</summary>
    Append,

    /// <summary>Write everything queued before it and complete its task (<see cref="IExecutionStore.FlushAsync"/>).</summary>
    Flush,

    /// <summary>A timer tick: seal the open segment when it is old enough.</summary>
    Tick,
}

/// <summary>One item of the execution log's queue (a struct: queuing a record allocates nothing).</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Record">The record, for <see cref="LogItemKind.Record"/>.</param>
/// <param name="Batch">The records, for <see cref="LogItemKind.Append"/>.</param>
/// <param name="Done">Completed when the item is written, for <see cref="LogItemKind.Append"/> and <see cref="LogItemKind.Flush"/>.</param>
internal readonly record struct LogItem(LogItemKind Kind, ExecutionRecord? Record, IReadOnlyList<ExecutionRecord>? Batch, TaskCompletionSource? Done);
