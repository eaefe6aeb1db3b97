namespace Poet;

/// <summary>
/// Keeps a long-lived connection (a LISTEN connection, an event stream) alive in the background: runs the session
/// again whenever it ends or fails, waiting in between with a backoff that doubles from the first delay up to the
/// largest and starts over once a session reports that it connected. Disposal stops the session and waits for it
/// (at most five seconds).
/// </summary>
/// <remarks>
/// Hand-written rather than a Polly retry pipeline: a session here is expected to end (a dropped stream) after a
/// success, and the backoff must restart from the first delay each time it connected, which is the loop itself.
/// </remarks>
internal sealed class ReconnectingLoop : IAsyncDisposable
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);
    private readonly Func<Action, CancellationToken, Task> _session;
    private readonly Action<Exception?> _ended;
    private readonly TimeSpan _firstDelay;
    private readonly TimeSpan _maxDelay;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private TimeSpan _delay;

    /// <summary>Creates the loop (not started).</summary>
    /// <param name="session">
    /// One connection's life: connects, calls the given callback once it is connected (which resets the backoff),
    /// and returns or throws when the connection ends. It must end when its token is cancelled.
    /// </param>
    /// <param name="ended">Called after each session with its failure (<see langword="null"/> when it just ended).</param>
    /// <param name="firstDelay">The wait after the first failure, and after any session that had connected.</param>
    /// <param name="maxDelay">The longest wait between sessions.</param>
    public ReconnectingLoop(Func<Action, CancellationToken, Task> session, Action<Exception?> ended, TimeSpan firstDelay, TimeSpan maxDelay)
    {
        _session = session;
        _ended = ended;
        _firstDelay = firstDelay;
        _maxDelay = maxDelay;
        _delay = firstDelay;
    }

    /// <summary>Starts the loop on the thread pool.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);

    /// <summary>Stops the session and waits for the loop to end (at most five seconds).</summary>
    /// <returns>A task that completes when the loop stopped or the wait ran out.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.WaitAsync(StopWait).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // Stopped, or still stopping after the wait: it observes the cancelled token and ends on its own.
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Exception? failure = null;
            try
            {
                await _session(Connected, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            _ended(failure);
            try
            {
                await Task.Delay(_delay, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _delay = TimeSpan.FromTicks(Math.Min(_delay.Ticks * 2, _maxDelay.Ticks));
        }
    }

    private void Connected() => _delay = _firstDelay;
}
