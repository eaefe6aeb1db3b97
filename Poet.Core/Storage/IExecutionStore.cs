namespace Poet;

/// <summary>The execution log: every recorded execution, findable by id (also records not yet flushed to disk).</summary>
public interface IExecutionStore : IExecutionRecorder
{
    /// <summary>Finds an execution by id.</summary>
    /// <param name="id">The execution id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The record, or null when no execution with that id is recorded.</returns>
    ValueTask<ExecutionRecord?> FindAsync(ExecutionId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest executions of one function, newest first (by id time, that is when each call started): at most
    /// <paramref name="limit"/>, none that started before <paramref name="since"/>, records not yet written included.
    /// Learning reads them on every feedback to see what candidate values would do on the calls nobody labelled, so a
    /// store answers it from its newest data (the file store reads its log backwards, PostgreSQL walks the time-ordered
    /// id). A store that cannot list executions throws <see cref="NotSupportedException"/> (the default); learning then
    /// judges on the labelled executions alone.
    /// </summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="limit">The most records to return (at least 1).</param>
    /// <param name="since">The oldest start time to return, or null for no time bound.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records, newest first.</returns>
    /// <exception cref="NotSupportedException">The store cannot list executions.</exception>
    Task<IReadOnlyList<ExecutionRecord>> ListRecentAsync(string functionId, int limit, DateTimeOffset? since = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} cannot list a function's recent executions: implement IExecutionStore.ListRecentAsync.");

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
