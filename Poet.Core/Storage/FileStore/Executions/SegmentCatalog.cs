namespace Poet.Storage.FileStore;

/// <summary>
/// The segments of the execution log folder, listed from disk (other processes add and seal segments too) and kept as
/// an immutable snapshot so lookups never wait for the writer or the retention sweeper.
/// </summary>
internal sealed class SegmentCatalog
{
    private readonly string _folder;
    private readonly Lock _gate = new();
    private SegmentInfo[] _segments = [];

    /// <summary>Creates the catalog of a folder.</summary>
    /// <param name="folder">The execution log folder.</param>
    public SegmentCatalog(string folder) => _folder = folder;

    /// <summary>The segments as last listed, oldest first.</summary>
    public IReadOnlyList<SegmentInfo> Snapshot => Volatile.Read(ref _segments);

    /// <summary>Lists the folder again, keeping loaded indexes of segments still present.</summary>
    /// <returns>The new snapshot.</returns>
    public IReadOnlyList<SegmentInfo> Refresh()
    {
        var listed = new List<SegmentInfo>();
        if (Directory.Exists(_folder))
        {
            foreach (var path in Directory.EnumerateFiles(_folder, "*" + SegmentName.Extension))
            {
                if (SegmentInfo.TryParse(path) is { } info)
                {
                    listed.Add(info);
                }
            }
        }

        lock (_gate)
        {
            var known = _segments.ToDictionary(s => s.Path, StringComparer.Ordinal);
            for (var i = 0; i < listed.Count; i++)
            {
                if (known.TryGetValue(listed[i].Path, out var existing))
                {
                    listed[i] = existing;
                }
            }

            listed.Sort(static (a, b) => a.FirstMs != b.FirstMs ? a.FirstMs.CompareTo(b.FirstMs) : string.CompareOrdinal(a.Path, b.Path));
            var snapshot = listed.ToArray();
            Volatile.Write(ref _segments, snapshot);
            return snapshot;
        }
    }

    /// <summary>Adds (or replaces) one segment without listing the folder.</summary>
    /// <param name="segment">The segment.</param>
    public void Add(SegmentInfo segment)
    {
        lock (_gate)
        {
            var list = _segments.Where(s => !string.Equals(s.Path, segment.Path, StringComparison.Ordinal)).ToList();
            list.Add(segment);
            list.Sort(static (a, b) => a.FirstMs != b.FirstMs ? a.FirstMs.CompareTo(b.FirstMs) : string.CompareOrdinal(a.Path, b.Path));
            Volatile.Write(ref _segments, list.ToArray());
        }
    }

    /// <summary>Forgets one segment (deleted or renamed).</summary>
    /// <param name="path">The segment's path.</param>
    public void Remove(string path)
    {
        lock (_gate)
        {
            Volatile.Write(ref _segments, _segments.Where(s => !string.Equals(s.Path, path, StringComparison.Ordinal)).ToArray());
        }
    }
}
