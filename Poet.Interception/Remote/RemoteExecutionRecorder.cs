using Microsoft.Extensions.Logging;

namespace Poet.Remote;

/// <summary>
/// The remote-mode <see cref="IExecutionRecorder"/>: POET's <see cref="ExecutionRecorder"/> (bounded queue, overflow
/// policy, one background writer serializing calls into pooled buffers) over a <see cref="RemoteExecutionSink"/> that
/// sends each batch to the service as JSON lines. Calls hand over their call objects exactly as in embedded mode, so
/// recording costs the caller the same. While the service is down the batch in hand is retried with backoff and new
/// records wait in the queue until it fills (then <see cref="PoetOptions.RecordingOverflow"/> decides: drop and count
/// in <see cref="PoetTelemetry.DroppedRecords"/>, logged at most once a minute, or make the caller wait).
/// </summary>
internal sealed class RemoteExecutionRecorder : IExecutionRecorder, ICallRecorder, IAsyncDisposable, IDisposable
{
    /// <summary>How long disposal lets queued records reach the service before giving up on them.</summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(2);

    private readonly RemoteExecutionSink _sink;
    private readonly ExecutionRecorder _recorder;
    private int _disposed;

    /// <summary>Creates the recorder and starts its writer.</summary>
    /// <param name="client">The service client.</param>
    /// <param name="monitor">Logs outages once.</param>
    /// <param name="options">The remote settings.</param>
    /// <param name="loggerFactory">Logs drops and batches.</param>
    public RemoteExecutionRecorder(RemoteServiceClient client, RemoteConnectionMonitor monitor, RemoteClientOptions options, ILoggerFactory loggerFactory)
    {
        _sink = new RemoteExecutionSink(client, monitor, options, loggerFactory.CreateLogger<RemoteExecutionRecorder>());
        var limits = options.RecordedValueLimits ?? new PoetOptions();
        var recording = new PoetOptions
        {
            RecorderCapacity = Math.Max(1, options.RecorderCapacity),
            RecordingOverflow = options.RecordingOverflow,
            RecordingMaxDelay = null, // records wait in memory while the service is down: no crash bound to keep
            MaxRecordedCollectionItems = limits.MaxRecordedCollectionItems,
            MaxRecordedStringChars = limits.MaxRecordedStringChars,
            MaxRecordedValueBytes = limits.MaxRecordedValueBytes,
        };
        _recorder = new ExecutionRecorder(_sink, recording, loggerFactory);
    }

    /// <summary>Records dropped so far (queue full, closed, refused by the service, or left when shut down).</summary>
    public long Dropped => _recorder.DroppedCount;

    /// <summary>Records the service has stored so far.</summary>
    public long Sent => _sink.Sent;

    /// <inheritdoc />
    public bool TryRecord(ExecutionRecord record) => _recorder.TryRecord(record);

    /// <inheritdoc />
    bool ICallRecorder.TryRecord(IRecordedCall call) => ((ICallRecorder)_recorder).TryRecord(call);

    /// <summary>
    /// Sends everything recorded so far now and waits until the service stored it (feedback calls this first, so the
    /// service knows the execution the feedback is about).
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait (the records stay queued).</param>
    /// <returns>A task that completes when every record accepted before the call is stored or dropped.</returns>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        _sink.Hurry();
        return _recorder.FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Give queued records a short chance to reach the service, then give up on them (counted as dropped).
        _sink.Hurry();
        var closing = _recorder.DisposeAsync().AsTask();
        if (await Task.WhenAny(closing, Task.Delay(ShutdownGrace)).ConfigureAwait(false) != closing)
        {
            _sink.Stop();
        }

        await closing.ConfigureAwait(false);
        _sink.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
