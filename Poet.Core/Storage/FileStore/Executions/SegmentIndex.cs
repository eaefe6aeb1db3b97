using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Poet.Storage.FileStore;

/// <summary>
/// The index of a sealed segment (<c>.idx</c>, little-endian): a 64-byte header, a sparse table of every
/// <see cref="FenceInterval"/>-th key ("fences"), then every id's key and line offset sorted by key. A lookup keeps
/// only the header and the fences in memory (16 bytes per 128 records), binary-searches them, reads one block of at
/// most 128 entries (3 KB) and then the line: two small reads per segment whatever its size.
/// </summary>
internal sealed class SegmentIndex
{
    /// <summary>One fence per this many entries.</summary>
    public const int FenceInterval = 128;

    private const int HeaderSize = 64;
    private const int LayoutVersion = 1;
    private static ReadOnlySpan<byte> Magic => "POETIDX1"u8;

    private readonly string _path;
    private readonly UInt128[] _fences;
    private readonly long _entryCount;
    private readonly long _entriesOffset;

    private SegmentIndex(string path, UInt128[] fences, long entryCount, long segmentLength, long firstMs, long lastMs)
    {
        _path = path;
        _fences = fences;
        _entryCount = entryCount;
        _entriesOffset = HeaderSize + ((long)fences.Length * 16);
        SegmentLength = segmentLength;
        FirstMs = firstMs;
        LastMs = lastMs;
    }

    /// <summary>The length of the segment this index covers.</summary>
    public long SegmentLength { get; }

    /// <summary>The smallest id time in the segment.</summary>
    public long FirstMs { get; }

    /// <summary>The largest id time in the segment.</summary>
    public long LastMs { get; }

    /// <summary>The number of indexed lines.</summary>
    public long Count => _entryCount;

    /// <summary>The bytes this index keeps in memory.</summary>
    public long MemoryBytes => (_fences.Length * 16L) + 64;

    /// <summary>Writes an index atomically.</summary>
    /// <param name="path">The index file.</param>
    /// <param name="entries">The entries, sorted by key.</param>
    /// <param name="segmentLength">The segment's length.</param>
    /// <param name="firstMs">The smallest id time.</param>
    /// <param name="lastMs">The largest id time.</param>
    /// <param name="buffers">Reusable arrays (a log sealing its segments); null to allocate.</param>
    /// <returns>The index, ready for lookups.</returns>
    public static SegmentIndex Write(string path, ReadOnlySpan<IndexEntry> entries, long segmentLength, long firstMs, long lastMs, SealBuffers? buffers = null)
    {
        var fenceCount = (entries.Length + FenceInterval - 1) / FenceInterval;
        var fences = new UInt128[fenceCount];
        var size = checked(HeaderSize + (fenceCount * 16) + (entries.Length * IndexEntry.Size));
        var bytes = buffers?.Bytes(size) ?? new byte[size];
        WriteFile(path, bytes.AsSpan(0, size), entries, fences, (segmentLength, firstMs, lastMs));
        return new SegmentIndex(path, fences, entries.Length, segmentLength, firstMs, lastMs);
    }

    private static void WriteFile(string path, Span<byte> span, ReadOnlySpan<IndexEntry> entries, UInt128[] fences,
        (long Length, long FirstMs, long LastMs) segment)
    {
        var (segmentLength, firstMs, lastMs) = segment;
        var fenceCount = fences.Length;
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], LayoutVersion);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], FenceInterval);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], entries.Length);
        BinaryPrimitives.WriteInt64LittleEndian(span[24..], segmentLength);
        BinaryPrimitives.WriteInt64LittleEndian(span[32..], firstMs);
        BinaryPrimitives.WriteInt64LittleEndian(span[40..], lastMs);
        BinaryPrimitives.WriteInt64LittleEndian(span[48..], fenceCount);
        for (var f = 0; f < fenceCount; f++)
        {
            fences[f] = entries[f * FenceInterval].Key;
            WriteKey(span[(HeaderSize + (f * 16))..], fences[f]);
        }

        var position = HeaderSize + (fenceCount * 16);
        foreach (var entry in entries)
        {
            WriteKey(span[position..], entry.Key);
            BinaryPrimitives.WriteInt64LittleEndian(span[(position + 16)..], entry.Offset);
            position += IndexEntry.Size;
        }

        AtomicFile.Write(path, span);
    }

    /// <summary>Loads an index's header and fences.</summary>
    /// <param name="path">The index file.</param>
    /// <param name="index">The loaded index.</param>
    /// <param name="problem">Why the file is not a valid index (null when it was missing).</param>
    /// <returns><see langword="false"/> when the file is missing or invalid.</returns>
    public static bool TryLoad(string path, out SegmentIndex? index, out string? problem)
    {
        index = null;
        problem = null;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            Span<byte> header = stackalloc byte[HeaderSize];
            if (length < HeaderSize || RandomAccess.Read(handle, header, 0) != HeaderSize || !header[..8].SequenceEqual(Magic))
            {
                problem = "not a POET segment index (bad header)";
                return false;
            }

            var layout = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            var interval = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            var count = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
            var segmentLength = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
            var firstMs = BinaryPrimitives.ReadInt64LittleEndian(header[32..]);
            var lastMs = BinaryPrimitives.ReadInt64LittleEndian(header[40..]);
            var fenceCount = BinaryPrimitives.ReadInt64LittleEndian(header[48..]);
            if (layout != LayoutVersion || interval != FenceInterval || count < 0 || fenceCount != (count + FenceInterval - 1) / FenceInterval
                || length != HeaderSize + (fenceCount * 16) + (count * IndexEntry.Size))
            {
                problem = "not a POET segment index (sizes do not match)";
                return false;
            }

            var fenceBytes = new byte[fenceCount * 16];
            if (RandomAccess.Read(handle, fenceBytes, HeaderSize) != fenceBytes.Length)
            {
                problem = "truncated fences";
                return false;
            }

            var fences = new UInt128[fenceCount];
            for (var f = 0; f < fences.Length; f++)
            {
                fences[f] = ReadKey(fenceBytes.AsSpan(f * 16));
            }

            index = new SegmentIndex(path, fences, count, segmentLength, firstMs, lastMs);
            return true;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The offsets of the lines whose id has <paramref name="key"/> (usually one, none when absent).</summary>
    /// <param name="key">The id's key.</param>
    /// <returns>The offsets.</returns>
    /// <exception cref="IOException">The index file cannot be read.</exception>
    public List<long> Find(UInt128 key)
    {
        var offsets = new List<long>(1);
        if (_fences.Length == 0 || key < _fences[0])
        {
            return offsets;
        }

        // The last fence <= key starts the only block that can hold the key (and, for duplicates, the one before).
        var block = Array.BinarySearch(_fences, key);
        block = block >= 0 ? block : ~block - 1;
        while (block > 0 && _fences[block] == key)
        {
            block--;
        }

        using var handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[FenceInterval * IndexEntry.Size];
        for (; block < _fences.Length && _fences[block] <= key; block++)
        {
            var first = (long)block * FenceInterval;
            var count = (int)Math.Min(FenceInterval, _entryCount - first);
            var span = buffer.AsSpan(0, count * IndexEntry.Size);
            if (RandomAccess.Read(handle, span, _entriesOffset + (first * IndexEntry.Size)) != span.Length)
            {
                throw new IOException($"The segment index '{_path}' is shorter than its header says.");
            }

            for (var i = 0; i < count; i++)
            {
                var entryKey = ReadKey(span[(i * IndexEntry.Size)..]);
                if (entryKey == key)
                {
                    offsets.Add(BinaryPrimitives.ReadInt64LittleEndian(span[((i * IndexEntry.Size) + 16)..]));
                }
                else if (entryKey > key)
                {
                    return offsets;
                }
            }
        }

        return offsets;
    }

    private static void WriteKey(Span<byte> destination, UInt128 key)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, (ulong)(key >> 64));
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], (ulong)key);
    }

    private static UInt128 ReadKey(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(source), BinaryPrimitives.ReadUInt64LittleEndian(source[8..]));

    /// <summary>Reads the line that starts at <paramref name="offset"/> in a segment.</summary>
    /// <param name="handle">The segment's handle.</param>
    /// <param name="offset">The line's offset.</param>
    /// <returns>The line without its newline, or null when there is no complete line there.</returns>
    public static byte[]? ReadLine(SafeFileHandle handle, long offset)
    {
        var size = 4096;
        while (true)
        {
            var buffer = new byte[size];
            var read = RandomAccess.Read(handle, buffer, offset);
            var end = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (end >= 0)
            {
                return buffer.AsSpan(0, end).ToArray();
            }

            if (read < size)
            {
                return null;
            }

            size *= 4;
        }
    }
}
