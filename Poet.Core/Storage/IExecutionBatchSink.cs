namespace Poet;

/// <summary>
/// A store's side of POET's background recorder (<see cref="ExecutionRecorder"/>): it receives the executions that calls
/// recorded, already serialized, one batch at a time, and finds written executions by id. Implement this to plug a
/// new execution store in; the recorder brings the queue, the overflow policy, batching, serialization, flushing and
/// counting of dropped records.
/// </summary>
/// <remarks>
/// The recorder calls <see cref="WriteAsync"/>, <see cref="TickAsync"/> and <see cref="CloseAsync"/> from one background
/// writer, never concurrently; <see cref="FindAsync"/> may be called on any thread at any time.
/// </remarks>
public interface IExecutionBatchSink
{
    /// <summary>
    /// Writes one batch. The batch (and every span or memory it hands out) is valid only until the returned task
    /// completes. Throw when the batch cannot be written: its records are counted as dropped, the failure is logged,
    /// and waiters of <see cref="IExecutionStore.AppendAsync"/> get the exception.
    /// </summary>
    /// <param name="batch">The records (never empty), as JSON lines and as fields.</param>
    /// <param name="cancellationToken">Cancelled when the recorder closes without waiting.</param>
    /// <returns>A task that completes when the batch is written (on stable storage when <see cref="ExecutionBatch.Durable"/>).</returns>
    ValueTask WriteAsync(ExecutionBatch batch, CancellationToken cancellationToken);

    /// <summary>Finds a written execution by id.</summary>
    /// <param name="id">The execution id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The record, or null when no execution with that id was written.</returns>
    ValueTask<ExecutionRecord?> FindAsync(ExecutionId id, CancellationToken cancellationToken);

    /// <summary>
    /// The newest written executions of one function, newest first (see <see cref="IExecutionStore.ListRecentAsync"/>;
    /// the recorder writes what is queued before it asks). May be called on any thread at any time. A store that cannot
    /// list executions throws <see cref="NotSupportedException"/> (the default).
    /// </summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="limit">The most records to return (at least 1).</param>
    /// <param name="since">The oldest start time to return, or null for no time bound.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records, newest first.</returns>
    /// <exception cref="NotSupportedException">The store cannot list executions.</exception>
    Task<IReadOnlyList<ExecutionRecord>> ListRecentAsync(string functionId, int limit, DateTimeOffset? since, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot list a function's recent executions: implement IExecutionBatchSink.ListRecentAsync.");

    /// <summary>
    /// Called on the writer about once a second, between batches, also when nothing is recorded: lets the store roll or
    /// seal segments by age or flush on its own schedule.
    /// </summary>
    /// <param name="cancellationToken">Cancelled when the recorder closes without waiting.</param>
    /// <returns>A task that completes when the store is done.</returns>
    ValueTask TickAsync(CancellationToken cancellationToken);

    /// <summary>Called once on the writer after the last batch, when the recorder closes.</summary>
    /// <returns>A task that completes when the store has written and released what it holds.</returns>
    ValueTask CloseAsync();
}
