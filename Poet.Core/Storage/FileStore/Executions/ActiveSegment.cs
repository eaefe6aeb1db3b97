using Microsoft.Win32.SafeHandles;

namespace Poet.Storage.FileStore;

/// <summary>
/// The segment this process is writing: an append-only file (<c>{opened}_{writer}.open.jsonl</c>) written a batch at a
/// time, and an in-memory map from id to line offset (24 bytes per record, <see cref="SegmentOffsets"/>) so its records are found before it
/// is sealed. Only the log's writer thread appends; lookups may run on any thread.
/// </summary>
internal sealed class ActiveSegment : IDisposable
{
    private readonly FileStream _stream;
    private readonly SegmentOffsets _offsets = new();
    private readonly Lock _gate = new();
    private SafeFileHandle? _readHandle;
    private bool _closed;

    private ActiveSegment(string path, string writer, long openedMs, FileStream stream)
    {
        Path = path;
        Writer = writer;
        OpenedMs = openedMs;
        _stream = stream;
    }

    /// <summary>The segment's path while open.</summary>
    public string Path { get; }

    /// <summary>The writer id.</summary>
    public string Writer { get; }

    /// <summary>When it was opened (Unix ms).</summary>
    public long OpenedMs { get; }

    /// <summary>Bytes written.</summary>
    public long Length { get; private set; }

    /// <summary>Records written.</summary>
    public int Count { get; private set; }

    /// <summary>The smallest id time written.</summary>
    public long FirstMs { get; private set; } = long.MaxValue;

    /// <summary>The largest id time written.</summary>
    public long LastMs { get; private set; } = long.MinValue;

    /// <summary>Creates a new open segment file.</summary>
    /// <param name="folder">The log folder.</param>
    /// <param name="writer">The writer id.</param>
    /// <returns>The segment.</returns>
    public static ActiveSegment Create(string folder, string writer)
    {
        var openedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        while (true)
        {
            var path = System.IO.Path.Combine(folder, SegmentName.Open(openedMs, writer));
            try
            {
                // FileShare.Read takes a shared lock: recovery (which wants it exclusively) knows the writer is alive.
                var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
                return new ActiveSegment(path, writer, openedMs, stream);
            }
            catch (IOException) when (File.Exists(path))
            {
                openedMs++;
            }
        }
    }

    /// <summary>Appends a batch of complete lines and publishes their offsets.</summary>
    /// <param name="bytes">The lines.</param>
    /// <param name="entries">Each line's key and offset relative to <paramref name="bytes"/>.</param>
    /// <param name="durable">Whether to flush to the disk (not only to the operating system).</param>
    public void Append(ReadOnlySpan<byte> bytes, ReadOnlySpan<ExecutionBatch.Entry> entries, bool durable)
    {
        _stream.Write(bytes);
        _stream.Flush(durable);
        var start = Length;
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                _offsets.Add(entry.Key, start + entry.LineStart);
                var ms = ExecutionKey.Milliseconds(entry.Key);
                FirstMs = Math.Min(FirstMs, ms);
                LastMs = Math.Max(LastMs, ms);
            }
        }

        Length += bytes.Length;
        Count += entries.Length;
    }

    /// <summary>Reads the line of an id written to this segment.</summary>
    /// <param name="key">The id's key.</param>
    /// <returns>The line, or null when the id is not in this segment.</returns>
    public byte[]? TryReadLine(UInt128 key)
    {
        SafeFileHandle handle;
        long offset;
        lock (_gate)
        {
            if (_closed || !_offsets.TryFind(key, out offset))
            {
                return null;
            }

            handle = _readHandle ??= File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }

        return SegmentIndex.ReadLine(handle, offset);
    }

    /// <summary>
    /// Seals the segment: flushes it to disk, gives its cached pages back (<see cref="SegmentPageCache"/>), renames it to its sealed name (which carries its time range) and writes
    /// its index. An empty segment is deleted instead.
    /// </summary>
    /// <param name="buffers">The log's arrays for sorting the ids and writing the index.</param>
    /// <returns>The sealed segment with its index, or null when it was empty.</returns>
    public SegmentInfo? Seal(SealBuffers buffers)
    {
        _stream.Flush(flushToDisk: true);
        SegmentPageCache.Release(_stream.SafeFileHandle); // on disk now: its pages serve the next segments
        _stream.Dispose();
        if (Count == 0)
        {
            CloseReader();
            File.Delete(Path);
            return null;
        }

        Span<IndexEntry> entries;
        lock (_gate)
        {
            entries = _offsets.CopySorted(buffers.Entries(_offsets.Count));
        }

        var sealedPath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, SegmentName.Sealed(FirstMs, LastMs, Writer));
        File.Move(Path, sealedPath);
        return new SegmentInfo(sealedPath, isOpen: false, FirstMs, LastMs, Writer)
        {
            Index = SegmentIndex.Write(SegmentName.IndexPathFor(sealedPath), entries, Length, FirstMs, LastMs, buffers),
        };
    }

    /// <summary>Stops serving lookups (after the sealed segment is in the catalog) and closes the files.</summary>
    public void CloseReader()
    {
        lock (_gate)
        {
            _closed = true;
            _readHandle?.Dispose();
            _readHandle = null;
            _offsets.Dispose();
        }
    }

    /// <summary>Closes the files without sealing (after a write failure).</summary>
    public void Dispose()
    {
        _stream.Dispose();
        CloseReader();
    }
}
