using System.Collections.Concurrent;

namespace Poet;

/// <summary>
/// An execution store that lives in memory, keeping the most recent <see cref="Capacity"/> records: for tests and
/// short-lived programs. Not shared between processes and lost at exit.
/// </summary>
public sealed class InMemoryExecutionStore : IExecutionStore
{
    private readonly ConcurrentDictionary<ExecutionId, ExecutionRecord> _records = new();
    private readonly ConcurrentQueue<ExecutionId> _order = new();
    private readonly ConcurrentDictionary<string, RecentExecutions> _byFunction = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Creates a store keeping at most <paramref name="capacity"/> records.</summary>
    /// <param name="capacity">How many records to keep; the oldest are forgotten first.</param>
    public InMemoryExecutionStore(int capacity = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>How many records are kept at most.</summary>
    public int Capacity { get; }

    /// <summary>How many records are held now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <inheritdoc />
    public bool TryRecord(ExecutionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_records.TryAdd(record.Id, record))
        {
            _order.Enqueue(record.Id);
            _byFunction.GetOrAdd(record.FunctionId, static _ => new RecentExecutions()).Add(record);

            // ConcurrentDictionary.Count takes every lock of the table (up to 1024 once it is large): keep our own count.
            var count = Interlocked.Increment(ref _count);
            while (count > Capacity && _order.TryDequeue(out var oldest))
            {
                if (_records.TryRemove(oldest, out var forgotten))
                {
                    count = Interlocked.Decrement(ref _count);
                    if (_byFunction.TryGetValue(forgotten.FunctionId, out var recent))
                    {
                        recent.Forget(_records);
                    }
                }
            }
        }

        return true;
    }

    /// <inheritdoc />
    public ValueTask<ExecutionRecord?> FindAsync(ExecutionId id, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_records.TryGetValue(id, out var record) ? record : null);

    /// <inheritdoc />
    public Task<IReadOnlyList<ExecutionRecord>> ListRecentAsync(string functionId, int limit, DateTimeOffset? since = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        IReadOnlyList<ExecutionRecord> found = _byFunction.TryGetValue(functionId, out var recent) ? recent.Newest(limit, since, _records) : [];
        return Task.FromResult(found);
    }

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyList<ExecutionRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            TryRecord(record);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
