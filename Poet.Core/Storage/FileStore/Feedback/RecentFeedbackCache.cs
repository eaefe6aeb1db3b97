namespace Poet.Storage.FileStore;

/// <summary>
/// What the file feedback store remembers of one function's feedback folder so that the newest records (read by
/// learning on every feedback) cost a directory listing and the files that are new since the last call, not a read of
/// every file. A file name, once read, stands for its record until the store rewrites it (learning saves each record
/// twice: the raw payload, then with its signal; the store then calls <see cref="Wrote"/>); only the newest records are
/// kept whole, the rest as their time and id.
/// </summary>
internal sealed class RecentFeedbackCache
{
    /// <summary>Records kept whole beyond the requested window (the learning window is 201).</summary>
    private const int KeepWhole = 256;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The newest records in <paramref name="folder"/>, oldest first.</summary>
    /// <param name="folder">The function's feedback folder.</param>
    /// <param name="fileNames">The record files now in the folder.</param>
    /// <param name="limit">The most records to return.</param>
    /// <param name="read">Reads one file (null when it is gone or unreadable).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records, ordered by time received, then id.</returns>
    public List<FeedbackRecord> Newest(string folder, IEnumerable<string> fileNames, int limit, Func<string, FeedbackRecord?> read, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var present = new HashSet<string>(fileNames, StringComparer.Ordinal);
            foreach (var gone in _entries.Keys.Where(name => !present.Contains(name)).ToList())
            {
                _entries.Remove(gone); // deleted by retention
            }

            foreach (var name in present)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!_entries.ContainsKey(name) && read(Path.Combine(folder, name)) is { } record)
                {
                    _entries[name] = new Entry(record.ReceivedAt, record.Id) { Record = record };
                }
            }

            var ordered = _entries.OrderBy(e => e.Value.ReceivedAt).ThenBy(e => e.Value.Id, StringComparer.Ordinal).ToList();
            var keepFrom = ordered.Count - Math.Max(limit, KeepWhole);
            var newest = new List<FeedbackRecord>(Math.Min(limit, ordered.Count));
            for (var i = 0; i < ordered.Count; i++)
            {
                var (name, entry) = ordered[i];
                if (i < keepFrom)
                {
                    entry.Record = null; // old: only its time and id are kept
                    continue;
                }

                if (i < ordered.Count - limit)
                {
                    continue;
                }

                entry.Record ??= read(Path.Combine(folder, name));
                if (entry.Record is { } record)
                {
                    newest.Add(record);
                }
            }

            return newest;
        }
    }

    /// <summary>Keeps what the store just wrote to <paramref name="fileName"/> (a new record, or a rewrite of one read before).</summary>
    /// <param name="fileName">The record file's name.</param>
    /// <param name="record">The record as the file now reads.</param>
    public void Wrote(string fileName, FeedbackRecord record)
    {
        lock (_gate)
        {
            _entries[fileName] = new Entry(record.ReceivedAt, record.Id) { Record = record };
        }
    }

    private sealed record Entry(DateTimeOffset ReceivedAt, string Id)
    {
        public FeedbackRecord? Record { get; set; }
    }
}
