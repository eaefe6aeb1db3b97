namespace Poet.Interception;

/// <summary>
/// In-process observers of every finished POET execution of this process (the dashboard's
/// <c>ExecutionObserver</c>). An observer is called with the call's facts directly; an <see cref="System.Diagnostics.Activity"/>
/// per call, with its id generation, tag list and listener dispatch, is created only when a tracing listener (OpenTelemetry)
/// asks for one.
/// </summary>
internal static class ExecutionObservers
{
    private static Action<FinishedExecution>? _observers;

    /// <summary>Whether any observer is registered (read on every call before building the notice).</summary>
    public static bool Any => Volatile.Read(ref _observers) is not null;

    /// <summary>Adds an observer until the returned subscription is disposed.</summary>
    /// <param name="observer">Called on the calling thread when each execution finishes; must be quick and must not throw.</param>
    /// <returns>The subscription.</returns>
    public static IDisposable Add(Action<FinishedExecution> observer)
    {
        Update(current => (Action<FinishedExecution>)Delegate.Combine(current, observer));
        return new Subscription(observer);
    }

    /// <summary>Tells every observer that an execution finished.</summary>
    /// <param name="execution">The execution.</param>
    public static void Notify(in FinishedExecution execution) => Volatile.Read(ref _observers)?.Invoke(execution);

    private static void Update(Func<Action<FinishedExecution>?, Action<FinishedExecution>?> change)
    {
        while (true)
        {
            var current = Volatile.Read(ref _observers);
            if (Interlocked.CompareExchange(ref _observers, change(current), current) == current)
            {
                return;
            }
        }
    }

    private sealed class Subscription(Action<FinishedExecution> observer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Update(current => (Action<FinishedExecution>?)Delegate.Remove(current, observer));
            }
        }
    }
}
