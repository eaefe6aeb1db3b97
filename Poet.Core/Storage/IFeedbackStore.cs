namespace Poet;

/// <summary>Stores feedback records: raw payload, normalized form, signal and produced version.</summary>
public interface IFeedbackStore
{
    /// <summary>
    /// Stores a feedback record durably (a record with the same id is replaced). A record without a signal (the payload as
    /// received, saved before translation) may be stored without waiting for the disk: it is never acknowledged on its
    /// own, and the processed record saved after it is durable when the feedback is answered.
    /// </summary>
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

    /// <summary>
    /// The newest feedback given on one function, oldest first (at most <paramref name="limit"/> records): what learning
    /// reads on every feedback, so a store should answer it without reading the function's whole feedback history. The
    /// default reads <see cref="ListAsync"/> and keeps the last <paramref name="limit"/>.
    /// </summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="limit">The most records to return (at least 1).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records, ordered as in <see cref="ListAsync"/>.</returns>
    async Task<IReadOnlyList<FeedbackRecord>> ListRecentAsync(string functionId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var all = await ListAsync(functionId, cancellationToken).ConfigureAwait(false);
        return all.Count <= limit ? all : [.. all.Skip(all.Count - limit)];
    }

    /// <summary>
    /// Finds the feedback record with an idempotency key (feedback already received is not applied again). Records
    /// carrying a key have the id <see cref="FeedbackKeys.IdFor"/> of that key.
    /// </summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or null when no feedback with that key is stored.</returns>
    Task<FeedbackRecord?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds the feedback record with an idempotency key that can only name feedback on one function: learning asks this
    /// for the keys it derives from an execution id and a payload (given keys are looked up store-wide), so a store that
    /// keeps feedback by function looks in one place instead of every function's. The default asks
    /// <see cref="FindByIdempotencyKeyAsync(string, CancellationToken)"/>.
    /// </summary>
    /// <param name="functionId">The function the key's feedback is on.</param>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or null when no feedback with that key is stored on that function.</returns>
    Task<FeedbackRecord?> FindByIdempotencyKeyAsync(string functionId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        FindByIdempotencyKeyAsync(idempotencyKey, cancellationToken);

    /// <summary>
    /// Stores the records of one feedback batch (a record with the same id is replaced). The default saves them one
    /// by one; a store may write them together. The batch's function versions, written first, list the feedback ids,
    /// so a store may make the batch durable as a whole rather than record by record.
    /// </summary>
    /// <param name="records">The records.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the records are stored.</returns>
    async Task SaveManyAsync(IReadOnlyList<FeedbackRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            await SaveAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }
}
