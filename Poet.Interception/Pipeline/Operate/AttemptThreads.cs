namespace Poet.Interception;

/// <summary>
/// POET's own threads for the attempts of timed synchronous methods (<see cref="SyncAttempt"/>). The caller blocks while
/// its attempt runs; if the attempt waited for a thread-pool thread, a pool whose threads are all such callers (an
/// ASP.NET Core app under load) would have none left to run it, and every request would wait for the pool to grow
/// (about one thread a second). These threads are taken from an idle list, or started at once when none is idle, so an
/// attempt starts as soon as it is handed over whatever the pool is doing.
/// </summary>
/// <remarks>
/// A thread idle for <see cref="IdleLifetime"/> ends, so the number of threads follows the number of timed calls running
/// at once (plus abandoned attempts, bounded per function by <see cref="PoetOptions.MaxAbandonedAttempts"/>). Written by
/// hand: .NET has no public pool of dedicated threads, and the thread pool's own is the one to stay out of.
/// </remarks>
internal static class AttemptThreads
{
    /// <summary>How long an idle thread waits for another attempt before it ends.</summary>
    internal static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(20);

    private static readonly Lock Gate = new();
    private static readonly List<Worker> Idle = [];

    /// <summary>Idle threads waiting for an attempt (for tests and diagnostics).</summary>
    internal static int IdleCount
    {
        get
        {
            lock (Gate)
            {
                return Idle.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="attempt"/> on an idle POET thread, or on a new one when none is idle.</summary>
    /// <param name="attempt">The attempt to run.</param>
    public static void Run(SyncAttempt attempt)
    {
        Worker? worker = null;
        lock (Gate)
        {
            if (Idle.Count > 0)
            {
                worker = Idle[^1]; // the most recently idle: its stack and caches are warm
                Idle.RemoveAt(Idle.Count - 1);
            }
        }

        if (worker is not null)
        {
            worker.Give(attempt);
            return;
        }

        try
        {
            Worker.Start(attempt);
        }
        catch (OutOfMemoryException)
        {
            // No thread could be started: the pool is the fallback, so the call still runs (POET never breaks it).
            ThreadPool.UnsafeQueueUserWorkItem(attempt, preferLocal: false);
        }
    }

    /// <summary>One thread: runs an attempt, goes on the idle list, waits for the next one or ends when idle too long.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The thread disposes its event when it ends; nothing else holds the worker then.")]
    private sealed class Worker
    {
        private readonly ManualResetEventSlim _wake = new(initialState: false, spinCount: 0);
        private SyncAttempt? _next;

        private Worker(SyncAttempt first) => _next = first;

        public static void Start(SyncAttempt first)
        {
            var worker = new Worker(first);
            var thread = new Thread(static state => ((Worker)state!).Loop())
            {
                IsBackground = true, // an abandoned attempt never keeps the process alive
                Name = "POET attempt",
            };
            thread.UnsafeStart(worker); // the attempt carries the caller's ExecutionContext itself
        }

        public void Give(SyncAttempt attempt)
        {
            _next = attempt;
            _wake.Set();
        }

        private void Loop()
        {
            try
            {
                while (true)
                {
                    var attempt = _next!;
                    _next = null;
                    ((IThreadPoolWorkItem)attempt).Execute();
                    _wake.Reset(); // before it can be taken from the idle list and given the next attempt
                    lock (Gate)
                    {
                        Idle.Add(this);
                    }

                    if (!_wake.Wait(IdleLifetime) && LeaveIdleList())
                    {
                        return;
                    }

                    _wake.Wait(); // given an attempt (possibly just as the idle time ran out)
                }
            }
            finally
            {
                _wake.Dispose();
            }
        }

        private bool LeaveIdleList()
        {
            lock (Gate)
            {
                return Idle.Remove(this); // false: a caller took this thread just now and is giving it an attempt
            }
        }
    }
}
