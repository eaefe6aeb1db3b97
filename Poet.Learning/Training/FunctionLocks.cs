using System.Collections.Concurrent;

namespace Poet;

/// <summary>
/// One async lock per function, shared by the trainer and rollback, so updates of one function run one at a
/// time in this process (the store's own lock covers other processes).
/// </summary>
internal sealed class FunctionLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>Waits for the function's lock.</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A handle that releases the lock when disposed.</returns>
    public async ValueTask<Releaser> AcquireAsync(string functionId, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(functionId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(gate);
    }

    /// <summary>Releases a function's lock.</summary>
    internal readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
