using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Poet.Remote;

/// <summary>
/// The remote-mode <see cref="IExecutionRecorder"/>: a bounded in-memory buffer that a background task drains in
/// batches of up to <see cref="RemoteClientOptions.BatchSize"/> records to the service. <see cref="TryRecord"/>
/// never blocks: when the buffer is full the record is dropped, counted in <see cref="PoetTelemetry.DroppedRecords"/>
/// and <see cref="Dropped"/>, and logged (at most once per second with the running count). While the service is down
/// the batch in hand is retried with backoff and new records wait in the buffer until it fills.
/// </summary>
internal sealed partial class RemoteExecutionRecorder : IExecutionRecorder, IAsyncDisposable, IDisposable
{
    private static readonly KeyValuePair<string, object?> ComponentTag = new("poet.component", "remote-recorder");
    private readonly Channel<ExecutionRecord> _buffer;
    private readonly RemoteServiceClient _client;
    private readonly RemoteConnectionMonitor _monitor;
    private readonly RemoteClientOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _flushRequested = new(0, 1);
    private readonly Task _sender;
    private long _accepted;
    private long _settled;
    private long _dropped;
    private long _sent;
    private long _lastDropLogTicks;
    private int _disposed;

    /// <summary>Creates the recorder and starts its sender.</summary>
    /// <param name="client">The service client.</param>
    /// <param name="monitor">Logs outages once.</param>
    /// <param name="options">The remote settings.</param>
    /// <param name="logger">Logs drops.</param>
    public RemoteExecutionRecorder(RemoteServiceClient client, RemoteConnectionMonitor monitor, RemoteClientOptions options, ILogger<RemoteExecutionRecorder> logger)
    {
        _client = client;
        _monitor = monitor;
        _options = options;
        _logger = logger;
        _buffer = Channel.CreateBounded<ExecutionRecord>(new BoundedChannelOptions(options.RecorderCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: a full buffer answers false at once, nothing waits
            SingleReader = true,
            SingleWriter = false,
        });
        _sender = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Records dropped so far because the buffer was full (or the recorder closed).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Records the service has accepted so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <inheritdoc />
    public bool TryRecord(ExecutionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Interlocked.Increment(ref _accepted);
        if (_buffer.Writer.TryWrite(record))
        {
            return true;
        }

        Interlocked.Increment(ref _settled);
        CountDrop(1, "buffer full");
        return false;
    }

    /// <summary>Whether records handed over are not yet sent (or dropped).</summary>
    public bool HasPending => Interlocked.Read(ref _settled) < Interlocked.Read(ref _accepted);

    /// <summary>
    /// Sends everything recorded so far now and waits until the service stored it (feedback calls this first, so
    /// the service knows the execution the feedback is about).
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait (the records stay buffered).</param>
    /// <returns>A task that completes when every record accepted before the call is stored or dropped.</returns>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Interlocked.Read(ref _accepted);
        while (Interlocked.Read(ref _settled) < target)
        {
            SignalFlush();
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _buffer.Writer.TryComplete();
        SignalFlush();
        try
        {
            // Give buffered records a short chance to reach the service, then stop.
            await _sender.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _sender.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        var left = 0;
        while (_buffer.Reader.TryRead(out _))
        {
            left++;
        }

        if (left > 0)
        {
            CountDrop(left, "shut down before the service took them");
        }

        _stop.Dispose();
        _flushRequested.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task RunAsync(CancellationToken stop)
    {
        var batch = new List<ExecutionRecord>(_options.BatchSize);
        var json = new ArrayBufferWriter<byte>(64 * 1024);
        var reader = _buffer.Reader;
        var delay = TimeSpan.FromMilliseconds(100);
        try
        {
            while (await reader.WaitToReadAsync(stop).ConfigureAwait(false))
            {
                // Linger briefly so a trickle of calls still travels in batches (skipped when a flush is requested).
                if (reader.Count < _options.BatchSize)
                {
                    await _flushRequested.WaitAsync(_options.FlushInterval, stop).ConfigureAwait(false);
                }

                while (batch.Count < _options.BatchSize && reader.TryRead(out var record))
                {
                    batch.Add(record);
                }

                ExecutionBatchWriter.Write(batch, json);
                while (true)
                {
                    try
                    {
                        await _client.AppendExecutionsAsync(json.WrittenMemory, stop).ConfigureAwait(false);
                        _monitor.ReportSuccess();
                        Interlocked.Add(ref _sent, batch.Count);
                        LogBatchSent(_logger, batch.Count, _options.Endpoint);
                        delay = TimeSpan.FromMilliseconds(100);
                        break;
                    }
                    catch (PoetServiceException ex) when (RemoteErrors.Status(ex) is >= 400 and < 500 and not (401 or 403 or 408 or 429))
                    {
                        // The service refused this batch as bad input: retrying cannot help.
                        LogBatchRefused(_logger, batch.Count, ex.Message);
                        CountDrop(batch.Count, "refused by the service");
                        break;
                    }
                    catch (PoetServiceException ex)
                    {
                        _monitor.ReportFailure(ex);
                        await Task.Delay(delay, stop).ConfigureAwait(false);
                        delay = delay * 2 < _options.MaxRetryDelay ? delay * 2 : _options.MaxRetryDelay;
                    }
                }

                Interlocked.Add(ref _settled, batch.Count);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            if (batch.Count > 0)
            {
                Interlocked.Add(ref _settled, batch.Count);
                CountDrop(batch.Count, "shut down before the service took them");
            }
        }
    }

    private void SignalFlush()
    {
        try
        {
            if (_flushRequested.CurrentCount == 0)
            {
                _flushRequested.Release();
            }
        }
        catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
        {
            // Already signalled, or shutting down.
        }
    }

    private void CountDrop(int count, string reason)
    {
        var total = Interlocked.Add(ref _dropped, count);
        PoetTelemetry.DroppedRecords.Add(count, ComponentTag);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastDropLogTicks);
        if (now - last >= 1000 && Interlocked.CompareExchange(ref _lastDropLogTicks, now, last) == last)
        {
            LogDropped(_logger, count, reason, total, _options.RecorderCapacity, _options.Endpoint);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET dropped {Count} execution record(s) ({Reason}); {Total} dropped so far. The buffer holds {Capacity} records while the service at {Endpoint} is slow or down; raise PoetOptions.RecorderCapacity if this persists")]
    private static partial void LogDropped(ILogger logger, int count, string reason, long total, int capacity, Uri endpoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent {Count} execution records to the POET service at {Endpoint}")]
    private static partial void LogBatchSent(ILogger logger, int count, Uri endpoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "The POET service refused a batch of {Count} execution records: {Cause}")]
    private static partial void LogBatchRefused(ILogger logger, int count, string cause);
}
