using System.Collections.Concurrent;

namespace Poet;

/// <summary>A feedback store that lives in memory: for tests. Not shared between processes and lost at exit.</summary>
public sealed class InMemoryFeedbackStore : IFeedbackStore
{
    private readonly ConcurrentDictionary<string, FeedbackRecord> _records = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task SaveAsync(FeedbackRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        _records[record.Id] = record;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<FeedbackRecord?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.TryGetValue(id, out var record) ? record : null);

    /// <inheritdoc />
    public Task<IReadOnlyList<FeedbackRecord>> ListAsync(string functionId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<FeedbackRecord>>(
            [.. _records.Values.Where(r => r.FunctionId == functionId).OrderBy(r => r.ReceivedAt).ThenBy(r => r.Id, StringComparer.Ordinal)]);

    /// <inheritdoc />
    public Task<FeedbackRecord?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        return Task.FromResult(_records.TryGetValue(FeedbackKeys.IdFor(idempotencyKey), out var record)
            && string.Equals(record.IdempotencyKey, idempotencyKey, StringComparison.Ordinal) ? record : null);
    }
}
