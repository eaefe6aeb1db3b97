using System.Buffers;

namespace Poet.Remote;

/// <summary>
/// A request body read into an array rented from <see cref="ArrayPool{T}.Shared"/>: a batch of executions is hundreds of
/// kilobytes, and a new array per request would be allocated on the large object heap, zeroed and faulted in by the
/// kernel each time. Dispose returns the array; keep it (do not dispose) while anything may still read the bytes.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private byte[]? _array;
    private int _length;

    /// <summary>Rents room for at least <paramref name="capacity"/> bytes.</summary>
    /// <param name="capacity">The bytes expected.</param>
    public PooledBody(int capacity) => _array = ArrayPool<byte>.Shared.Rent(Math.Max(1, capacity));

    /// <summary>The bytes read so far.</summary>
    public ReadOnlyMemory<byte> Memory => Array.AsMemory(0, _length);

    /// <summary>How many bytes were read.</summary>
    public int Length => _length;

    private byte[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledBody));

    /// <summary>Room for the next read: at least <paramref name="atLeast"/> bytes, grown (copied once) when needed.</summary>
    /// <param name="atLeast">The smallest room wanted.</param>
    /// <returns>The free part of the array.</returns>
    public Memory<byte> Room(int atLeast)
    {
        var array = Array;
        if (array.Length - _length < atLeast)
        {
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(System.Array.MaxLength, Math.Max((long)array.Length * 2, (long)_length + atLeast)));
            array.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(array);
            _array = array = larger;
        }

        return array.AsMemory(_length);
    }

    /// <summary>Counts <paramref name="count"/> bytes written into <see cref="Room"/>.</summary>
    /// <param name="count">The bytes read.</param>
    public void Advance(int count) => _length += count;

    /// <summary>Returns the array to the pool; the body must not be read after this.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _array, null) is { } array)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
