namespace Poet;

/// <summary>The execution log: every recorded execution, findable by id (also records not yet flushed to disk).</summary>
public interface IExecutionStore : IExecutionRecorder
{
    /// <summary>Finds an execution by id.</summary>
    /// <param name="id">The execution id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The record, or null when no execution with that id is recorded.</returns>
    ValueTask<ExecutionRecord?> FindAsync(ExecutionId id, CancellationToken cancellationToken = default);

    /// <summary>Appends records durably (used by a POET service ingesting batches); completes once they are written.</summary>
    /// <param name="records">The records to append.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>A task that completes when the records are durable.</returns>
    Task AppendAsync(IReadOnlyList<ExecutionRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Waits until every record handed to <see cref="IExecutionRecorder.TryRecord"/> so far is written.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the buffer is flushed.</returns>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
