namespace Poet.Feedback;

/// <summary>
/// Serializes feedback with the same idempotency key in this process: a retry that arrives while the first delivery
/// is still being applied waits for it and then finds it applied. Keys share a fixed set of locks (no lock per key is
/// ever allocated or leaked); a batch takes the locks of all its keys in ascending order, so nothing deadlocks.
/// </summary>
internal sealed class IdempotencyLocks
{
    private const int Count = 64;
    private readonly SemaphoreSlim[] _gates = [.. Enumerable.Range(0, Count).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Waits for the lock of one key.</summary>
    /// <param name="key">The idempotency key.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A handle that releases the lock when disposed.</returns>
    public Task<Releaser> AcquireAsync(string key, CancellationToken cancellationToken) => AcquireAsync([key], cancellationToken);

    /// <summary>Waits for the locks of several keys (in ascending lock order).</summary>
    /// <param name="keys">The idempotency keys.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A handle that releases the locks when disposed.</returns>
    public async Task<Releaser> AcquireAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var slots = keys.Select(Slot).Distinct().Order().ToArray();
        var taken = 0;
        try
        {
            foreach (var slot in slots)
            {
                await _gates[slot].WaitAsync(cancellationToken).ConfigureAwait(false);
                taken++;
            }
        }
        catch
        {
            new Releaser(_gates, slots, taken).Dispose();
            throw;
        }

        return new Releaser(_gates, slots, taken);
    }

    private static int Slot(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % Count);

    /// <summary>Releases the locks taken.</summary>
    internal readonly struct Releaser(SemaphoreSlim[] gates, int[] slots, int taken) : IDisposable
    {
        public void Dispose()
        {
            for (var i = taken - 1; i >= 0; i--)
            {
                gates[slots[i]].Release();
            }
        }
    }
}
