namespace Poet;

/// <summary>
/// An execution store that takes executions as the JSON lines of the execution log's format, without converting them
/// to <see cref="ExecutionRecord"/> objects first (the POET service stores remote clients' compact batches this way).
/// </summary>
internal interface IExecutionLineStore
{
    /// <summary>Stores the executions and completes when they are on stable storage, like <see cref="IExecutionStore.AppendAsync"/>.</summary>
    /// <param name="lines">The checked lines; their memory must stay valid until the task completes.</param>
    /// <param name="cancellationToken">Cancels the wait (not the write).</param>
    /// <returns>A task that completes when the executions are stored.</returns>
    Task AppendAsync(IReadOnlyList<RawExecutionLine> lines, CancellationToken cancellationToken);
}
