namespace Poet;

/// <summary>Stores feedback records: raw payload, normalized form, signal and produced version.</summary>
public interface IFeedbackStore
{
    /// <summary>Stores a feedback record durably (a record with the same id is replaced).</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    Task SaveAsync(FeedbackRecord record, CancellationToken cancellationToken = default);

    /// <summary>Finds a feedback record by id.</summary>
    /// <param name="id">The feedback id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or null.</returns>
    Task<FeedbackRecord?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The feedback given on one function, oldest first.</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<FeedbackRecord>> ListAsync(string functionId, CancellationToken cancellationToken = default);
}
