using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Poet.Storage.FileStore;

/// <summary>
/// A lock that holds across threads and processes: a semaphore per lock file in the owning store instance (so its
/// threads queue without spinning on the file), then the lock file itself opened with <see cref="FileShare.None"/> (an exclusive
/// <c>flock</c> on Linux and macOS, a sharing lock on Windows), retried with jittered exponential backoff until a
/// timeout. The operating system releases the file lock when a process dies, so a crash never leaves the store locked;
/// the lock file itself is never deleted.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private readonly SemaphoreSlim _gate;
    private FileStream? _stream;

    private FileLock(SemaphoreSlim gate, FileStream stream)
    {
        _gate = gate;
        _stream = stream;
    }

    /// <summary>Acquires the lock, waiting asynchronously.</summary>
    /// <param name="path">The lock file (created if missing).</param>
    /// <param name="gates">The owning store's in-process semaphores, by lock file.</param>
    /// <param name="timeout">How long to wait in total.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The held lock; dispose it to release.</returns>
    /// <exception cref="PoetStoreException">The lock was not obtained in time, or the lock file cannot be opened.</exception>
    public static async Task<FileLock> AcquireAsync(string path, ConcurrentDictionary<string, SemaphoreSlim> gates, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var gate = GateFor(gates, path);
        if (!await gate.WaitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            throw Timeout(path, timeout);
        }

        try
        {
            var delay = 1;
            while (true)
            {
                var stream = TryOpen(path);
                if (stream is not null)
                {
                    return new FileLock(gate, stream);
                }

                await Task.Delay(NextWait(path, timeout, started, ref delay), cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    /// <summary>Acquires the lock, blocking the calling thread (used by the synchronous first registration of a function).</summary>
    /// <param name="path">The lock file (created if missing).</param>
    /// <param name="gates">The owning store's in-process semaphores, by lock file.</param>
    /// <param name="timeout">How long to wait in total.</param>
    /// <returns>The held lock; dispose it to release.</returns>
    /// <exception cref="PoetStoreException">The lock was not obtained in time, or the lock file cannot be opened.</exception>
    public static FileLock Acquire(string path, ConcurrentDictionary<string, SemaphoreSlim> gates, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        var gate = GateFor(gates, path);
        if (!gate.Wait(timeout))
        {
            throw Timeout(path, timeout);
        }

        try
        {
            var delay = 1;
            while (true)
            {
                var stream = TryOpen(path);
                if (stream is not null)
                {
                    return new FileLock(gate, stream);
                }

                Thread.Sleep(NextWait(path, timeout, started, ref delay));
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    /// <summary>Releases the file lock and then the in-process gate.</summary>
    public void Dispose()
    {
        var stream = Interlocked.Exchange(ref _stream, null);
        if (stream is null)
        {
            return;
        }

        stream.Dispose();
        _gate.Release();
    }

    private static SemaphoreSlim GateFor(ConcurrentDictionary<string, SemaphoreSlim> gates, string path) =>
        gates.GetOrAdd(Path.GetFullPath(path), static _ => new SemaphoreSlim(1, 1));

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or DirectoryNotFoundException or PathTooLongException)
        {
            throw new PoetStoreException($"The POET store lock file '{path}' cannot be opened: {ex.Message}", ex);
        }
        catch (IOException)
        {
            // Held by another process (or another store instance in this one): retry.
            return null;
        }
    }

    private static int NextWait(string path, TimeSpan timeout, long started, ref int delay)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (elapsed >= timeout)
        {
            throw Timeout(path, timeout);
        }

        // Jittered exponential backoff: 1, 2, 4, ... 50 ms, each randomized to [d/2, d] so waiters do not march in step.
        var jittered = (delay / 2) + System.Security.Cryptography.RandomNumberGenerator.GetInt32((delay / 2) + 1);
        var remaining = (int)Math.Ceiling((timeout - elapsed).TotalMilliseconds);
        delay = Math.Min(delay * 2, 50);
        return Math.Max(1, Math.Min(jittered, remaining));
    }

    private static PoetStoreException Timeout(string path, TimeSpan timeout) => new(
        $"Timed out after {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s waiting for the POET store lock file '{path}': " +
        "another thread or process kept it locked. If no other POET process uses this store, check that the file system supports " +
        "file locks; raise PoetOptions.StoreLockTimeout if writers legitimately hold it longer.");
}
