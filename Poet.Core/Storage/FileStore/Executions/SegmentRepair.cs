using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Poet.Storage.FileStore;

/// <summary>
/// Repairs what a crash leaves in the execution log: open segments whose writer died are sealed (a torn last line is
/// cut, saved to the quarantine and reported), and sealed segments whose index is missing or corrupt are re-indexed.
/// </summary>
internal sealed class SegmentRepair
{
    private readonly Quarantine _quarantine;
    private readonly ILogger _logger;

    /// <summary>Creates the repairer.</summary>
    /// <param name="quarantine">Where torn tails and unreadable files go.</param>
    /// <param name="logger">Where repairs are reported.</param>
    public SegmentRepair(Quarantine quarantine, ILogger logger)
    {
        _quarantine = quarantine;
        _logger = logger;
    }

    /// <summary>
    /// Seals an open segment whose writer is gone. The segment is opened exclusively: while its writer (in this or
    /// another process) is alive that fails, and the segment is left alone.
    /// </summary>
    /// <param name="segment">The open segment.</param>
    /// <returns>The sealed segment, or null when it is still owned, was empty, or was quarantined.</returns>
    public SegmentInfo? TryRecoverOrphan(SegmentInfo segment)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(segment.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (IOException)
        {
            return null; // its writer is alive (or someone else is recovering it)
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        List<IndexEntry> entries;
        long firstMs, lastMs, length;
        using (stream)
        {
            (entries, firstMs, lastMs, var complete) = ScanEntries(stream, segment.Path);
            length = stream.Length;
            if (complete < length)
            {
                length = CutTornTail(stream, segment.Path, complete, entries, ref firstMs, ref lastMs);
            }

            stream.Flush(flushToDisk: true);
        }

        if (entries.Count == 0)
        {
            if (length == 0)
            {
                AtomicFile.TryDelete(segment.Path);
            }
            else
            {
                _quarantine.Move(segment.Path, "an execution log segment without a single readable record");
            }

            return null;
        }

        entries.Sort();
        var sealedPath = Path.Combine(Path.GetDirectoryName(segment.Path)!, SegmentName.Sealed(firstMs, lastMs, segment.Writer));
        try
        {
            File.Move(segment.Path, sealedPath);
        }
        catch (FileNotFoundException)
        {
            return null; // another process recovered it first
        }

        var index = SegmentIndex.Write(SegmentName.IndexPathFor(sealedPath), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(entries), length, firstMs, lastMs);
        _logger.LogInformation("POET execution log: sealed {Path}, left open by a process that stopped ({Count} records)", sealedPath, entries.Count);
        return new SegmentInfo(sealedPath, isOpen: false, firstMs, lastMs, segment.Writer) { Index = index };
    }

    /// <summary>Loads a sealed segment's index, rebuilding it from the segment when missing or corrupt.</summary>
    /// <param name="segment">The sealed segment.</param>
    /// <returns>The index, or null when the segment is gone.</returns>
    public SegmentIndex? EnsureIndex(SegmentInfo segment)
    {
        if (segment.Index is { } cached)
        {
            return cached;
        }

        long segmentLength;
        try
        {
            segmentLength = new FileInfo(segment.Path).Length;
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        if (SegmentIndex.TryLoad(segment.IndexPath, out var loaded, out var problem))
        {
            if (loaded!.SegmentLength == segmentLength)
            {
                segment.Index = loaded;
                return loaded;
            }

            problem = $"it covers {loaded.SegmentLength} bytes but the segment has {segmentLength}";
        }

        if (problem is not null)
        {
            _quarantine.Move(segment.IndexPath, "corrupt execution log index: " + problem);
        }

        using var stream = new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        var (entries, firstMs, lastMs, _) = ScanEntries(stream, segment.Path);
        entries.Sort();
        var rebuilt = SegmentIndex.Write(segment.IndexPath, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(entries), stream.Length,
            entries.Count == 0 ? segment.FirstMs : firstMs, entries.Count == 0 ? segment.LastMs : lastMs);
        _logger.LogInformation("POET execution log: rebuilt the index of {Path} ({Count} records)", segment.Path, entries.Count);
        segment.Index = rebuilt;
        return rebuilt;
    }

    private (List<IndexEntry> Entries, long FirstMs, long LastMs, long Complete) ScanEntries(Stream stream, string path)
    {
        var entries = new List<IndexEntry>();
        long firstMs = long.MaxValue, lastMs = long.MinValue;
        var bad = 0;
        var complete = SegmentScanner.ForEachLine(stream, (offset, line) =>
        {
            if (ExecutionLine.TryReadKey(line, out var key))
            {
                entries.Add(new IndexEntry(key, offset));
                var ms = ExecutionKey.Milliseconds(key);
                firstMs = Math.Min(firstMs, ms);
                lastMs = Math.Max(lastMs, ms);
            }
            else if (!line.IsEmpty)
            {
                if (bad++ == 0)
                {
                    _logger.LogWarning("POET execution log: skipping an unreadable line at byte {Offset} of {Path}: {Line}", offset, path, ExecutionLine.Describe(line));
                }
            }

            return true;
        });
        if (bad > 1)
        {
            _logger.LogWarning("POET execution log: skipped {Count} unreadable lines in {Path}", bad, path);
        }

        return (entries, firstMs, lastMs, complete);
    }

    private long CutTornTail(FileStream stream, string path, long complete, List<IndexEntry> entries, ref long firstMs, ref long lastMs)
    {
        var tail = new byte[stream.Length - complete];
        stream.Position = complete;
        stream.ReadExactly(tail);

        // A crash between a line and its newline leaves a whole record: keep it.
        if (ExecutionLine.TryReadKey(tail, out var key) && IsCompleteJson(tail))
        {
            stream.Position = stream.Length;
            stream.WriteByte((byte)'\n');
            entries.Add(new IndexEntry(key, complete));
            var ms = ExecutionKey.Milliseconds(key);
            firstMs = Math.Min(firstMs, ms);
            lastMs = Math.Max(lastMs, ms);
            return stream.Length;
        }

        _quarantine.Save(path, tail, $"the last line of execution log segment {path} was torn (a crash mid-write) and was skipped");
        stream.SetLength(complete);
        return complete;
    }

    private static bool IsCompleteJson(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var _ = JsonDocument.ParseValue(ref reader);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
