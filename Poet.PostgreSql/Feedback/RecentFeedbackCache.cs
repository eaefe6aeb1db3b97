namespace Poet.PostgreSql.Feedback;

/// <summary>
/// The newest feedback records per function, as <see cref="PostgreSqlFeedbackStore.ListRecentAsync"/> last read them,
/// kept up to date with this instance's own writes, so learning does not read a function's history from the database
/// on every feedback. Another instance's write of a function's feedback (its <c>poet_changes</c> notice) drops that
/// function's window, and a listener reconnect (notices may have been missed) drops them all; the next read goes to the
/// database. Every change bumps a generation, so a read that raced a change is not kept.
/// </summary>
internal sealed class RecentFeedbackCache
{
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _generation;

    /// <summary>The generation to pass to <see cref="Keep"/> after a read that starts now.</summary>
    public long Generation
    {
        get
        {
            lock (_gate)
            {
                return _generation;
            }
        }
    }

    /// <summary>The newest <paramref name="limit"/> records of a function, oldest first, when they are kept.</summary>
    /// <param name="functionId">The function.</param>
    /// <param name="limit">How many.</param>
    /// <param name="records">The records.</param>
    /// <returns>Whether they were kept.</returns>
    public bool TryGet(string functionId, int limit, out List<FeedbackRecord> records)
    {
        lock (_gate)
        {
            if (_windows.TryGetValue(functionId, out var window) && (window.Limit >= limit || window.Records.Count < window.Limit))
            {
                var skip = Math.Max(0, window.Records.Count - limit);
                records = window.Records.GetRange(skip, window.Records.Count - skip);
                return true;
            }
        }

        records = [];
        return false;
    }

    /// <summary>Keeps what a read returned, unless something changed since it started.</summary>
    /// <param name="functionId">The function.</param>
    /// <param name="limit">How many the read asked for.</param>
    /// <param name="records">The newest records, oldest first.</param>
    /// <param name="generation">The <see cref="Generation"/> taken before the read.</param>
    public void Keep(string functionId, int limit, List<FeedbackRecord> records, long generation)
    {
        lock (_gate)
        {
            if (_generation == generation)
            {
                _windows[functionId] = new Window(limit, [.. records]);
            }
        }
    }

    /// <summary>Puts a record this instance just stored into its function's window (replacing an older copy).</summary>
    /// <param name="record">The record as the database now holds it.</param>
    public void Saved(FeedbackRecord record)
    {
        lock (_gate)
        {
            _generation++;
            if (!_windows.TryGetValue(record.FunctionId, out var window))
            {
                return;
            }

            var records = window.Records;
            var at = records.FindIndex(r => r.Id == record.Id);
            if (at >= 0)
            {
                if (records[at].ReceivedAt != record.ReceivedAt)
                {
                    _windows.Remove(record.FunctionId); // moved in time: where it belongs now is read again
                    return;
                }

                records[at] = record;
                return;
            }

            var position = records.FindLastIndex(r => Compare(r, record) < 0) + 1;
            if (position == 0 && records.Count >= window.Limit)
            {
                return; // older than every kept record of a full window: not among the newest
            }

            records.Insert(position, record);
            if (records.Count > window.Limit)
            {
                records.RemoveAt(0);
            }
        }
    }

    /// <summary>Drops a function's window (another instance wrote its feedback).</summary>
    /// <param name="functionId">The function.</param>
    public void Forget(string functionId)
    {
        lock (_gate)
        {
            _generation++;
            _windows.Remove(functionId);
        }
    }

    /// <summary>Drops every window (notices may have been missed).</summary>
    public void ForgetAll()
    {
        lock (_gate)
        {
            _generation++;
            _windows.Clear();
        }
    }

    /// <summary>The database's order: receive time, then id.</summary>
    private static int Compare(FeedbackRecord a, FeedbackRecord b)
    {
        var byTime = a.ReceivedAt.UtcTicks.CompareTo(b.ReceivedAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
    }

    /// <summary>The newest records of a function, oldest first; all of them when fewer than <paramref name="Limit"/>.</summary>
    private sealed record Window(int Limit, List<FeedbackRecord> Records);
}
