using System.Collections.Concurrent;

namespace Poet.Storage.FileStore;

/// <summary>
/// The open segment's map from id to line offset: the ids in the order they were written, in fixed-size chunks that
/// are reused segment after segment. A hash map here grew through ever larger arrays on the large object heap at every
/// segment (several MB each at the rated load, a segment every half second), and those made the garbage collector run
/// full collections that paused the callers too. A chunk remembers the time range of its ids, so a lookup scans only
/// the chunks that can hold its id (ids carry their time, and a segment's ids arrive almost in time order). Not
/// thread-safe: the segment guards it.
/// </summary>
internal sealed class SegmentOffsets : IDisposable
{
    /// <summary>Entries per chunk: 2,048 × 24 bytes stays below the large object heap's 85,000 bytes.</summary>
    internal const int ChunkSize = 2048;

    /// <summary>Chunks kept for the next segments (about 6 MB, the offsets of a 32 MB segment of 250-byte lines).</summary>
    private const int PooledChunks = 128;

    private static readonly ConcurrentBag<IndexEntry[]> Pool = [];
    private static int _pooled;

    private readonly List<Chunk> _chunks = [];

    /// <summary>Ids added (a repeated id counts each time).</summary>
    public int Count { get; private set; }

    /// <summary>Adds an id's line offset.</summary>
    /// <param name="key">The id's key.</param>
    /// <param name="offset">The line's offset in the segment.</param>
    public void Add(UInt128 key, long offset)
    {
        if (_chunks.Count == 0 || _chunks[^1].Count == ChunkSize)
        {
            _chunks.Add(new Chunk(Rent()));
        }

        _chunks[^1].Add(key, offset);
        Count++;
    }

    /// <summary>Finds the offset of an id's line (the last one written when the id was written more than once).</summary>
    /// <param name="key">The id's key.</param>
    /// <param name="offset">The line's offset.</param>
    /// <returns><see langword="false"/> when the id is not in the segment.</returns>
    public bool TryFind(UInt128 key, out long offset)
    {
        var ms = ExecutionKey.Milliseconds(key);
        for (var c = _chunks.Count - 1; c >= 0; c--)
        {
            if (_chunks[c].TryFind(key, ms, out offset))
            {
                return true;
            }
        }

        offset = 0;
        return false;
    }

    /// <summary>Copies all entries, sorted by key, into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="Count"/> entries.</param>
    /// <returns>The sorted entries.</returns>
    public Span<IndexEntry> CopySorted(IndexEntry[] destination)
    {
        var sorted = destination.AsSpan(0, Count);
        var at = 0;
        foreach (var chunk in _chunks)
        {
            chunk.Entries.AsSpan(0, chunk.Count).CopyTo(sorted[at..]);
            at += chunk.Count;
        }

        sorted.Sort();
        return sorted;
    }

    /// <summary>Gives the chunks back for the next segments.</summary>
    public void Dispose()
    {
        foreach (var chunk in _chunks)
        {
            if (Interlocked.Increment(ref _pooled) <= PooledChunks)
            {
                Pool.Add(chunk.Entries);
            }
            else
            {
                Interlocked.Decrement(ref _pooled);
            }
        }

        _chunks.Clear();
        Count = 0;
    }

    private static IndexEntry[] Rent()
    {
        if (Pool.TryTake(out var entries))
        {
            Interlocked.Decrement(ref _pooled);
            return entries;
        }

        return new IndexEntry[ChunkSize];
    }

    /// <summary>Up to <see cref="ChunkSize"/> entries in arrival order and the time range of their ids.</summary>
    private sealed class Chunk(IndexEntry[] entries)
    {
        private long _firstMs = long.MaxValue;
        private long _lastMs = long.MinValue;

        public IndexEntry[] Entries { get; } = entries;

        public int Count { get; private set; }

        public void Add(UInt128 key, long offset)
        {
            Entries[Count++] = new IndexEntry(key, offset);
            var ms = ExecutionKey.Milliseconds(key);
            _firstMs = Math.Min(_firstMs, ms);
            _lastMs = Math.Max(_lastMs, ms);
        }

        public bool TryFind(UInt128 key, long ms, out long offset)
        {
            if (ms >= _firstMs && ms <= _lastMs)
            {
                for (var i = Count - 1; i >= 0; i--)
                {
                    if (Entries[i].Key == key)
                    {
                        offset = Entries[i].Offset;
                        return true;
                    }
                }
            }

            offset = 0;
            return false;
        }
    }
}
