namespace Poet.Storage.FileStore;

/// <summary>A segment file of the execution log as listed in the folder, with its index once loaded.</summary>
internal sealed class SegmentInfo
{
    private SegmentIndex? _index;

    /// <summary>Creates the description of a segment.</summary>
    /// <param name="path">The segment's path.</param>
    /// <param name="isOpen">Whether it is still being written (or was left open by a process that died).</param>
    /// <param name="firstMs">The smallest id time (open: when it was opened).</param>
    /// <param name="lastMs">The largest id time (open: <see cref="long.MaxValue"/>).</param>
    /// <param name="writer">The writer id.</param>
    public SegmentInfo(string path, bool isOpen, long firstMs, long lastMs, string writer)
    {
        Path = path;
        IsOpen = isOpen;
        FirstMs = firstMs;
        LastMs = lastMs;
        Writer = writer;
    }

    /// <summary>The segment's path.</summary>
    public string Path { get; }

    /// <summary>Whether the segment is open (no index).</summary>
    public bool IsOpen { get; }

    /// <summary>The smallest id time inside (for an open segment: when it was opened).</summary>
    public long FirstMs { get; }

    /// <summary>The largest id time inside (for an open segment: unknown, <see cref="long.MaxValue"/>).</summary>
    public long LastMs { get; }

    /// <summary>The writer id from the name.</summary>
    public string Writer { get; }

    /// <summary>The index path of a sealed segment.</summary>
    public string IndexPath => SegmentName.IndexPathFor(Path);

    /// <summary>The loaded index, or null until first needed.</summary>
    public SegmentIndex? Index
    {
        get => Volatile.Read(ref _index);
        set => Volatile.Write(ref _index, value);
    }

    /// <summary>Whether an id time can be in this segment.</summary>
    /// <param name="ms">The id time.</param>
    /// <returns><see langword="true"/> when the segment's range holds it.</returns>
    public bool Covers(long ms) => IsOpen || (FirstMs <= ms && ms <= LastMs);

    /// <summary>Parses a file path into a segment description.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The description, or null when the file is not a segment.</returns>
    public static SegmentInfo? TryParse(string path) =>
        SegmentName.TryParse(System.IO.Path.GetFileName(path), out var info)
            ? new SegmentInfo(path, info.IsOpen, info.FirstMs, info.LastMs, info.Writer)
            : null;
}
