using Microsoft.Extensions.Logging;

namespace Poet.Remote;

/// <summary>
/// The remote-mode execution store's side of POET's recorder (<see cref="IExecutionBatchSink"/>): each batch the
/// recorder serialized is sent to the service as it is, JSON lines in the execution log's format
/// (<see cref="RemoteRoutes.JsonLinesMediaType"/>). While the service is down the batch is retried with backoff and new
/// records wait in the recorder's queue (its overflow policy applies when it fills); a batch the service refuses as bad
/// input is dropped (counted and logged by the recorder).
/// </summary>
internal sealed partial class RemoteExecutionSink : IExecutionBatchSink, IDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly RemoteServiceClient _client;
    private readonly RemoteConnectionMonitor _monitor;
    private readonly RemoteClientOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _hurry = new(0, 1);
    private long _sent;

    /// <summary>Creates the sink.</summary>
    /// <param name="client">The service client.</param>
    /// <param name="monitor">Logs outages once.</param>
    /// <param name="options">The remote settings.</param>
    /// <param name="logger">Logs batches sent (debug).</param>
    public RemoteExecutionSink(RemoteServiceClient client, RemoteConnectionMonitor monitor, RemoteClientOptions options, ILogger logger)
    {
        _client = client;
        _monitor = monitor;
        _options = options;
        _logger = logger;
    }

    /// <summary>Records the service has stored so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Ends the wait for more records after a small batch (a flush is waiting).</summary>
    public void Hurry()
    {
        try
        {
            if (_hurry.CurrentCount == 0)
            {
                _hurry.Release();
            }
        }
        catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
        {
            // Already signalled, or shutting down.
        }
    }

    /// <summary>Gives up on the batch in hand and every later one (shutdown while the service does not answer).</summary>
    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed.
        }
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(ExecutionBatch batch, CancellationToken cancellationToken)
    {
        await SendAsync(batch).ConfigureAwait(false);

        // A trickle of calls still travels in batches: after a small batch, wait a moment for more (a flush ends it).
        if (batch.Count < _options.BatchSize)
        {
            try
            {
                await _hurry.WaitAsync(_options.FlushInterval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Remote executions are found by the service (feedback is sent there), never here.</remarks>
    public ValueTask<ExecutionRecord?> FindAsync(ExecutionId id, CancellationToken cancellationToken) => ValueTask.FromResult<ExecutionRecord?>(null);

    /// <inheritdoc />
    public ValueTask TickAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask CloseAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Dispose();
        _hurry.Dispose();
    }

    private async Task SendAsync(ExecutionBatch batch)
    {
        var delay = FirstRetryDelay;
        while (true)
        {
            try
            {
                await _client.AppendExecutionLinesAsync(batch.Lines, _stop.Token).ConfigureAwait(false);
                _monitor.ReportSuccess();
                Interlocked.Add(ref _sent, batch.Count);
                LogBatchSent(_logger, batch.Count, _options.Endpoint);
                return;
            }
            catch (PoetServiceException ex) when (RemoteErrors.Status(ex) is >= 400 and < 500 and not (401 or 403 or 408 or 429))
            {
                // The service refused this batch as bad input: retrying cannot help.
                throw new PoetServiceException($"The POET service at {_options.Endpoint} refused a batch of {batch.Count} execution records: {ex.Message}", ex);
            }
            catch (PoetServiceException ex)
            {
                _monitor.ReportFailure(ex);
                await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
                delay = delay * 2 < _options.MaxRetryDelay ? delay * 2 : _options.MaxRetryDelay;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent {Count} execution records to the POET service at {Endpoint}")]
    private static partial void LogBatchSent(ILogger logger, int count, Uri endpoint);
}
