namespace Poet;

/// <summary>
/// One function's records in an <see cref="InMemoryExecutionStore"/>, oldest first, so its newest are read from the end
/// without looking at other functions' records. Records the store forgot are dropped from the front.
/// </summary>
internal sealed class RecentExecutions
{
    private readonly Lock _gate = new();
    private readonly List<ExecutionRecord> _records = [];
    private int _head;

    /// <summary>Adds a record the store now holds.</summary>
    /// <param name="record">The record.</param>
    public void Add(ExecutionRecord record)
    {
        lock (_gate)
        {
            _records.Add(record);
        }
    }

    /// <summary>Drops the oldest records the store no longer holds.</summary>
    /// <param name="held">The store's records by id.</param>
    public void Forget(IReadOnlyDictionary<ExecutionId, ExecutionRecord> held)
    {
        lock (_gate)
        {
            while (_head < _records.Count && !held.ContainsKey(_records[_head].Id))
            {
                _head++;
            }

            // Compact once half the list is forgotten: amortized O(1) per record.
            if (_head > 64 && _head * 2 > _records.Count)
            {
                _records.RemoveRange(0, _head);
                _head = 0;
            }
        }
    }

    /// <summary>The newest held records, newest first (by start time).</summary>
    /// <param name="limit">The most records.</param>
    /// <param name="since">The oldest start time, or null.</param>
    /// <param name="held">The store's records by id (a record forgotten meanwhile is skipped).</param>
    /// <returns>The records.</returns>
    public IReadOnlyList<ExecutionRecord> Newest(int limit, DateTimeOffset? since, IReadOnlyDictionary<ExecutionId, ExecutionRecord> held)
    {
        var found = new List<ExecutionRecord>(Math.Min(limit, 256));
        lock (_gate)
        {
            for (var i = _records.Count - 1; i >= _head && found.Count < limit; i--)
            {
                var record = _records[i];
                if (since is { } oldest && record.StartedAt < oldest)
                {
                    break;
                }

                if (held.ContainsKey(record.Id))
                {
                    found.Add(record);
                }
            }
        }

        // Recorded in arrival order; concurrent callers may arrive slightly out of start order.
        found.Sort(static (a, b) => b.StartedAt.CompareTo(a.StartedAt));
        return found;
    }
}
