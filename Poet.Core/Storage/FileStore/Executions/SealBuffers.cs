namespace Poet.Storage.FileStore;

/// <summary>
/// The two large arrays sealing a segment needs (its ids sorted, and the index file's bytes), kept by the log and
/// reused seal after seal. Each is several MB at the rated load: allocated afresh they landed on the large object
/// heap at every segment and made the garbage collector run full collections (pooling them in
/// <c>ArrayPool.Shared</c> did not help: a seal runs on whichever thread-pool thread is free, and the shared pool keeps
/// a returned array in the returning thread's own cache). Seals of one log run one at a time.
/// </summary>
internal sealed class SealBuffers
{
    private IndexEntry[] _entries = [];
    private byte[] _bytes = [];

    /// <summary>An array of at least <paramref name="count"/> entries (its contents are left over from the last seal).</summary>
    /// <param name="count">Entries needed.</param>
    /// <returns>The array.</returns>
    public IndexEntry[] Entries(int count)
    {
        if (_entries.Length < count)
        {
            _entries = new IndexEntry[Grow(_entries.Length, count)];
        }

        return _entries;
    }

    /// <summary>An array of at least <paramref name="count"/> bytes (its contents are left over from the last seal).</summary>
    /// <param name="count">Bytes needed.</param>
    /// <returns>The array.</returns>
    public byte[] Bytes(int count)
    {
        if (_bytes.Length < count)
        {
            _bytes = GC.AllocateUninitializedArray<byte>(Grow(_bytes.Length, count));
        }

        return _bytes;
    }

    /// <summary>A quarter more than needed, so segments of about the same size reuse the arrays.</summary>
    private static int Grow(int current, int needed) => (int)Math.Min(Array.MaxLength, Math.Max(needed + (needed / 4L), current * 2L));
}
